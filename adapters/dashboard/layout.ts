/**
 * The frame of every dashboard and status page: one small inline stylesheet (no script, no web font, no
 * request besides the page), landmarks (header, nav, main, footer), a skip link, and a layout that reflows
 * to a phone's width without scrolling sideways. Colours keep 4.5:1 for text and 3:1 for marks against
 * their background; every colour comes with a word.
 */
import { html, raw, type Html } from './html.ts';

const STYLE = raw(`
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--link:#0550ae;
--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--maint:#0969da;--none:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:break-word}
a{color:var(--link)}
a:focus-visible,button:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-bottom:1px solid var(--line);padding-top:.75rem;padding-bottom:.5rem}
header .brand{font-weight:700;margin:0}
nav ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
nav li+li::before{content:"›";margin-right:.25rem;color:var(--muted)}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0 .5rem}
h2{font-size:1.25rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.05rem;margin:0 0 .25rem}
.muted,.note{color:var(--muted)}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr))}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem;min-width:0}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .75rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;min-width:0}
.badge{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .5rem;font-size:.875rem;font-weight:600;white-space:nowrap}
.badge::before{content:"";display:inline-block;width:.6em;height:.6em;border-radius:50%;background:currentColor;margin-right:.35em;vertical-align:.05em}
.healthy,.operational{color:var(--ok)}.at_risk,.degraded{color:var(--warn)}.breached,.outage{color:var(--bad)}.maintenance{color:var(--maint)}.no-data{color:var(--none)}
.table{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
thead th{background:var(--soft)}
tbody th{font-weight:600}
ul.clocks{list-style:none;margin:0;padding:0}
@media (max-width:40rem){
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.35rem 0}
table.stack td{display:block;border:0;padding:.15rem 0}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}
}
.meter{display:block;height:.4rem;background:var(--soft);border:1px solid var(--line);border-radius:3px;max-width:16rem;overflow:hidden;margin:.15rem 0}
.meter>span{display:block;height:100%;background:var(--ink)}
.meter.good>span{background:var(--ok)}.meter.warning>span{background:var(--warn)}.meter.danger>span{background:var(--bad)}
figure{margin:.5rem 0}
figure.days svg{display:block;width:100%;height:2.25rem}
figure.days figcaption{font-size:.875rem;color:var(--muted)}
.days rect.operational{fill:var(--ok)}.days rect.degraded{fill:var(--warn)}.days rect.outage{fill:var(--bad)}.days rect.maintenance{fill:var(--maint)}.days rect.no-data{fill:var(--none)}
ul.legend{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem}
ul.legend li::before{content:"";display:inline-block;width:.8em;height:.8em;background:currentColor;margin-right:.35em;vertical-align:-.05em}
figure.chart img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
figure.chart figcaption{font-size:.9rem;color:var(--muted)}
details{margin:.25rem 0}
ol.timeline{padding-left:1.25rem}
ol.timeline li{margin:.25rem 0}
.banner{border:1px solid currentColor;border-left-width:.5rem;border-radius:4px;padding:.5rem .75rem;font-weight:600}
form.zone{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
select{max-width:100%;font:inherit}
button{font:inherit}
footer{border-top:1px solid var(--line);margin-top:2rem;padding-top:.5rem;padding-bottom:1.5rem;font-size:.9rem;color:var(--muted)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
`);

export type Crumb = { label: string; href?: string };

export type PageOptions = {
  title: string;
  /** Breadcrumbs, the current page last (without a link). */
  crumbs?: Crumb[];
  main: Html;
  footer?: Html;
  /** Search engines may index it (the public status page); default no. */
  indexable?: boolean;
};

/** A whole page. */
export function page(o: PageOptions): Html {
  const crumbs = o.crumbs?.length
    ? html`<nav aria-label="Breadcrumb"><ol>${o.crumbs.map((c, i) => (c.href && i < o.crumbs!.length - 1 ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li><span aria-current="page">${c.label}</span></li>`))}</ol></nav>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${o.indexable ? '' : html`<meta name="robots" content="noindex, nofollow">
`}<link rel="icon" href="data:,">
<title>${o.title}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand">Pacta</p>${crumbs}</header>
<main id="main">
${o.main}
</main>
<footer>${o.footer ?? ''}</footer>
</body>
</html>
`;
}
