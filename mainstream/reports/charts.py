"""Charts as inline SVG, drawn on the server (no JavaScript, no CDN). Each chart carries a title and a
text description, and the numbers are printed beside the bars so that colour is never the only cue."""

from __future__ import annotations

from html import escape

COLOURS = ("#5b2a86", "#8a8a8a")  # this year, previous year (both ≥ 3:1 against white)


def bar_chart(
    title: str, bars: list[tuple[str, float | None, float | None]], legend: tuple[str, str], width: int = 640
) -> str:
    """Horizontal bars (0–100 %) per label: this year and the year before."""
    label_w, right, bar_h, gap = 70, 60, 12, 10
    plot_w = width - label_w - right
    row_h = 2 * bar_h + gap
    height = 34 + row_h * len(bars) + 10
    desc = "；".join(
        f"{label} {legend[0]} {'無資料' if now is None else f'{now}%'}，{legend[1]} {'無資料' if prev is None else f'{prev}%'}"
        for label, now, prev in bars
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'font-family="Noto Sans CJK TC, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<rect x="{label_w}" y="6" width="12" height="12" fill="{COLOURS[0]}"/>'
        f'<text x="{label_w + 16}" y="16" fill="#1b1b1b">{escape(legend[0])}</text>',
        f'<rect x="{label_w + 110}" y="6" width="12" height="12" fill="{COLOURS[1]}"/>'
        f'<text x="{label_w + 126}" y="16" fill="#1b1b1b">{escape(legend[1])}</text>',
    ]
    for i, (label, now, prev) in enumerate(bars):
        y = 30 + i * row_h
        out.append(
            f'<text x="{label_w - 6}" y="{y + bar_h + 4}" text-anchor="end" fill="#1b1b1b">{escape(label)}</text>'
        )
        for j, value in enumerate((now, prev)):
            by = y + j * bar_h
            w = 0 if value is None else plot_w * value / 100
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{COLOURS[j]}"/>')
            text = "—" if value is None else f"{value:g}%"
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}" fill="#1b1b1b">{text}</text>')
    out.append(f'<line x1="{label_w}" y1="26" x2="{label_w}" y2="{height - 6}" stroke="#4a4a4a"/>')
    out.append("</svg>")
    return "".join(out)
