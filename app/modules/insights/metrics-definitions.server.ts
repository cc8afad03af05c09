// The metrics document the definitions page shows. Vite inlines docs/metrics.md into the server
// build (`?raw`), so the page always says what the doc in this build says and nothing reads the
// file while the portal runs. Rendered once, when the module loads.
import metricsMarkdown from "../../../docs/metrics.md?raw";
import { type MetricsDoc, renderMetricsDoc } from "./metrics-doc";

export const metricsDefinitions: MetricsDoc = renderMetricsDoc(metricsMarkdown);
