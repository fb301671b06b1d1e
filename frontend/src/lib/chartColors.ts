/** The report's series colours, the same as app/chart's Palette (the PDF). */
export const chartColors = ['#1f5fa8', '#d96c1c', '#3a9a4d', '#8c8c8c', '#9b4da8'];
