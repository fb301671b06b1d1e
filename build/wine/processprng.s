# bcryptprimitives.dll for Wine 8 (Debian 12), which lacks it: Go 1.24+
# programs for Windows need its ProcessPrng at start. Real Windows 10 and 11
# have it; this shim is only for running the Windows builds under Wine in
# CI. ProcessPrng(buf, len) fills buf from advapi32's RtlGenRandom
# (SystemFunction036, which Wine has) and returns TRUE, as Windows' does.
	.text
	.globl	ProcessPrng
ProcessPrng:
	subq	$40, %rsp
	call	*__imp_SystemFunction036(%rip)
	movl	$1, %eax
	addq	$40, %rsp
	ret
