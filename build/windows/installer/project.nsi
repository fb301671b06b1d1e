Unicode true
# Okienko: a 64-bit installer (the app is amd64 only). It also runs under
# Debian's 64-bit-only Wine in CI (build/scripts/wine-check.sh), which a
# 32-bit NSIS stub cannot.
Target amd64-unicode

####
## Please note: Template replacements don't work in this file. They are provided with default defines like
## mentioned underneath.
## If the keyword is not defined, "wails_tools.nsh" will populate them with the values from ProjectInfo.
## If they are defined here, "wails_tools.nsh" will not touch them. This allows to use this project.nsi manually
## from outside of Wails for debugging and development of the installer.
##
## For development first make a wails nsis build to populate the "wails_tools.nsh":
## > wails build --target windows/amd64 --nsis
## Then you can call makensis on this file with specifying the path to your binary:
## For a AMD64 only installer:
## > makensis -DARG_WAILS_AMD64_BINARY=..\..\bin\app.exe
## For a ARM64 only installer:
## > makensis -DARG_WAILS_ARM64_BINARY=..\..\bin\app.exe
## For a installer with both architectures:
## > makensis -DARG_WAILS_AMD64_BINARY=..\..\bin\app-amd64.exe -DARG_WAILS_ARM64_BINARY=..\..\bin\app-arm64.exe
####
## The following information is taken from the ProjectInfo file, but they can be overwritten here.
####
## !define INFO_PROJECTNAME    "MyProject" # Default "{{.Name}}"
## !define INFO_COMPANYNAME    "MyCompany" # Default "{{.Info.CompanyName}}"
## !define INFO_PRODUCTNAME    "MyProduct" # Default "{{.Info.ProductName}}"
## !define INFO_PRODUCTVERSION "1.0.0"     # Default "{{.Info.ProductVersion}}"
## !define INFO_COPYRIGHT      "Copyright" # Default "{{.Info.Copyright}}"
###
## !define PRODUCT_EXECUTABLE  "Application.exe"      # Default "${INFO_PROJECTNAME}.exe"
## !define UNINST_KEY_NAME     "UninstKeyInRegistry"  # Default "${INFO_COMPANYNAME}${INFO_PRODUCTNAME}"
####
## !define REQUEST_EXECUTION_LEVEL "admin"            # Default "admin"  see also https://nsis.sourceforge.io/Docs/Chapter4.html
####
## Include the wails tools
####
!include "wails_tools.nsh"

# The version information for this two must consist of 4 parts
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey "ProductName"     "${INFO_PRODUCTNAME}"

# Enable HiDPI support. https://nsis.sourceforge.io/Reference/ManifestDPIAware
ManifestDPIAware true

!include "MUI.nsh"
!include "FileFunc.nsh"
!include "StrFunc.nsh"
${StrLoc}

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
# !define MUI_WELCOMEFINISHPAGE_BITMAP "resources\leftimage.bmp" #Include this to add a bitmap on the left side of the Welcome Page. Must be a size of 164x314
!define MUI_FINISHPAGE_NOAUTOCLOSE # Wait on the INSTFILES page so the user can take a look into the details of the installation steps
!define MUI_ABORTWARNING # This will warn the user if they exit from the installer.

!insertmacro MUI_PAGE_WELCOME # Welcome to the installer page.
# !insertmacro MUI_PAGE_LICENSE "resources\eula.txt" # Adds a EULA page to the installer
!insertmacro MUI_PAGE_DIRECTORY # In which folder install page.
!insertmacro MUI_PAGE_INSTFILES # Installing page.
!insertmacro MUI_PAGE_FINISH # Finished installation page.

!insertmacro MUI_UNPAGE_INSTFILES # Uinstalling page

!insertmacro MUI_LANGUAGE "Polish" # The office's language

## Okienko: the installer and its uninstaller are signed by build/scripts/sign-windows.sh (make windows passes it).
!ifdef SIGN_CMD
!uninstfinalize '"${SIGN_CMD}" "%1"'
!finalize '"${SIGN_CMD}" "%1"'
!endif

Name "${INFO_PRODUCTNAME}"
OutFile "..\..\bin\${INFO_PROJECTNAME}-${ARCH}-installer.exe" # Name of the installer's file.
!ifdef WAILS_INSTALL_SCOPE
  !if "${WAILS_INSTALL_SCOPE}" == "user"
    InstallDir "$LOCALAPPDATA\Programs\${INFO_PRODUCTNAME}"
  !else
    InstallDir "$PROGRAMFILES64\${INFO_COMPANYNAME}\${INFO_PRODUCTNAME}"
  !endif
!else
  InstallDir "$PROGRAMFILES64\${INFO_COMPANYNAME}\${INFO_PRODUCTNAME}"
!endif # Default installing folder ($PROGRAMFILES is Program Files folder).
ShowInstDetails show # This will always show the installation details.

Var Registry

# fail prints a sentence (a dialog, or only the log in silent mode), writes it
# to %TEMP%\okienko-instalacja.log for the office's IT, and quits with a code.
!macro okienko.fail MSG CODE
    # UTF-16 with a byte-order mark: Notepad shows the Polish letters
    # whatever the PC's code page (FileWrite would write them in it).
    FileOpen $9 "$TEMP\okienko-instalacja.log" a
    FileSeek $9 0 END $8
    ${If} $8 == 0
        FileWriteWord $9 0xFEFF
    ${EndIf}
    FileWriteUTF16LE $9 "${MSG}$\r$\n"
    FileClose $9
    MessageBox MB_OK|MB_ICONSTOP "${MSG}" /SD IDOK
    SetErrorLevel ${CODE}
    Quit
!macroend

Function .onInit
   !insertmacro wails.checkArchitecture
   # /REGISTRY=https://rejestr.gmina.local:8470 presets the office's registry
   # address for the enrolment screen (silent installs by the office's IT).
   # Not ${GetOptions}: it ends a value at the next "/", so every address
   # came out as "https:" and was refused. The value runs to the next space,
   # or between quotes (/REGISTRY="https://...").
   ${GetParameters} $0
   ${StrLoc} $1 $0 "/REGISTRY=" ">"
   ${If} $1 != ""
       IntOp $1 $1 + 10
       StrCpy $Registry $0 "" $1
       StrCpy $2 $Registry 1
       ${If} $2 == '"'
           StrCpy $Registry $Registry "" 1
           ${StrLoc} $3 $Registry '"' ">"
       ${Else}
           ${StrLoc} $3 $Registry " " ">"
       ${EndIf}
       ${If} $3 != ""
           StrCpy $Registry $Registry $3
       ${EndIf}
       Call CheckRegistry
   ${EndIf}
FunctionEnd

# CheckRegistry takes https://HOST[:PORT][/PATH], or http:// only on this
# computer (127.0.0.1, localhost), as the app does; no spaces or quotes.
Function CheckRegistry
   StrLen $1 $Registry
   ${If} $1 > 200
       Goto bad
   ${EndIf}
   ${StrLoc} $2 $Registry " " ">"
   ${If} $2 != ""
       Goto bad
   ${EndIf}
   ${StrLoc} $2 $Registry '"' ">"
   ${If} $2 != ""
       Goto bad
   ${EndIf}
   StrCpy $2 $Registry 8
   StrCpy $3 $Registry "" 8
   ${If} $2 == "https://"
       StrCpy $4 $3 1
       ${If} $4 == ""
       ${OrIf} $4 == "/"
       ${OrIf} $4 == ":"
           Goto bad
       ${EndIf}
       Return
   ${EndIf}
   StrCpy $2 $Registry 17
   ${If} $2 == "http://127.0.0.1:"
       Return
   ${EndIf}
   StrCpy $2 $Registry 17
   ${If} $2 == "http://localhost:"
       Return
   ${EndIf}
   bad:
   !insertmacro okienko.fail "Nieprawidłowy adres rejestru: $Registry. Podaj go w postaci /REGISTRY=https://rejestr.gmina.local:8470 (https://, bez spacji; http:// tylko dla rejestru na tym komputerze: http://127.0.0.1:PORT). Niczego nie zainstalowano." 2
FunctionEnd

# The app must not run while its files are replaced: a running exe is
# locked for writing on Windows.
Function CheckNotRunning
   IfFileExists "$INSTDIR\${PRODUCT_EXECUTABLE}" 0 done
   retry:
   ClearErrors
   FileOpen $0 "$INSTDIR\${PRODUCT_EXECUTABLE}" a
   ${If} ${Errors}
       MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "Okienko jest uruchomione. Zamknij je (dane są zapisane na bieżąco) i kliknij Ponów." /SD IDCANCEL IDRETRY retry
       !insertmacro okienko.fail "Okienko jest uruchomione na tym komputerze: zamknij je i uruchom instalator ponownie. Niczego nie zmieniono." 4
   ${EndIf}
   FileClose $0
   done:
FunctionEnd

# WebView2: the window of Okienko is Microsoft Edge WebView2, part of
# Windows 11 and of updated Windows 10. Where it is missing, the Evergreen
# bootstrapper bundled here installs it, which needs the internet; offline,
# the installer stops and says how to install it from a USB stick.
!macro okienko.webview2
    SetRegView 64
    ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
    ${If} $0 == ""
        ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
    ${EndIf}
    ${If} $0 == ""
    ${OrIf} $0 == "0.0.0.0"
        DetailPrint "Instalowanie: Microsoft Edge WebView2 Runtime"
        InitPluginsDir
        CreateDirectory "$pluginsdir\webview2bootstrapper"
        SetOutPath "$pluginsdir\webview2bootstrapper"
        File "tmp\MicrosoftEdgeWebview2Setup.exe"
        ExecWait '"$pluginsdir\webview2bootstrapper\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
        ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
        ${If} $0 == ""
            !insertmacro okienko.fail "Brak środowiska Microsoft Edge WebView2, a bez internetu nie da się go pobrać (kod $1). Zainstaluj je z nośnika: plik MicrosoftEdgeWebView2RuntimeInstallerX64.exe (Evergreen Standalone Installer ze strony Microsoft), potem uruchom ten instalator ponownie. Okienka nie zainstalowano." 3
        ${EndIf}
    ${EndIf}
!macroend

Section
    !insertmacro wails.setShellContext

    Call CheckNotRunning

    !insertmacro okienko.webview2

    SetOutPath $INSTDIR

    !insertmacro wails.files

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortCut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    # The registry address for the enrolment screen (read by the app,
    # app/preset_windows.go). An upgrade without /REGISTRY keeps the old one.
    ${If} $Registry != ""
        WriteRegStr HKLM "Software\Okienko" "RegistryURL" "$Registry"
    ${EndIf}

    !insertmacro wails.associateFiles
    !insertmacro wails.associateCustomProtocols

    !insertmacro wails.writeUninstaller
SectionEnd

Section "uninstall"
    !insertmacro wails.setShellContext

    # The data (%APPDATA%\Okienko of each user: the database, key file,
    # printouts, logs) stays: an uninstall, or an upgrade by a new installer,
    # never removes it. /PURGE (or "Tak" below) removes this user's data,
    # which cannot be undone; other users' data stays.
    ${GetParameters} $0
    ClearErrors
    ${GetOptions} $0 "/PURGE" $1
    ${IfNot} ${Errors}
        StrCpy $2 "purge"
    ${Else}
        MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Usunąć także dane Okienka tego użytkownika (bazę, klucz, wydruki, dzienniki)? Dane niezsynchronizowane z rejestrem przepadną. Zwykle wybierz Nie." /SD IDNO IDNO keep
        StrCpy $2 "purge"
        keep:
    ${EndIf}
    ${If} $2 == "purge"
        SetShellVarContext current
        RMDir /r "$APPDATA\Okienko"
        RMDir /r "$APPDATA\${PRODUCT_EXECUTABLE}" # the WebView2 cache
        !insertmacro wails.setShellContext
        DeleteRegKey HKLM "Software\Okienko"
    ${EndIf}

    RMDir /r $INSTDIR

    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.unassociateFiles
    !insertmacro wails.unassociateCustomProtocols

    !insertmacro wails.deleteUninstaller
SectionEnd
