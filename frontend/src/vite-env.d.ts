// Vite's asset imports (pdf.js's worker is loaded by its URL).
declare module '*?url' {
  const url: string;
  export default url;
}
