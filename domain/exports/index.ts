// Export packages for access, copy and portability: JSON with its schema, a readable Chinese summary, CSV.
export { toCsv } from './csv.ts';
export { escapeHtml } from './html.ts';
export { buildExportPackage, type ExportFile, type ExportPackage, type ExportRight } from './package.ts';
export { EXPORT_FORMAT, ExportDocument } from './schema.ts';
