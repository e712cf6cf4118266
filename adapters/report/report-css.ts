/** System fonts only: the report must render offline, without web fonts. */
export const REPORT_CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328;background:#fff}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.period,.note{color:#59636e;font-size:.9rem}
#insights li{margin:.3rem 0}
table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num,th.num{text-align:right}
.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
.chart .bar{fill:#2f6feb}.chart .track{fill:#eef1f4}
.chart .grid{stroke:#d0d7de;stroke-width:1}
.chart text{font-size:11px;fill:#1f2328}.chart .axis{fill:#59636e}
#failure-rate .chart .bar{fill:#cf222e}
figure{margin:1rem 0}figcaption{font-weight:600}
.empty{color:#59636e;font-style:italic}
`;
