using System.Globalization;
using System.Text;
using Erhvervsdialog.Core.Common;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Erhvervsdialog.Core.Reports;

/// <summary>The municipality's name and logo on every page.</summary>
public sealed record ReportBranding(string Municipality, byte[]? Logo = null);

/// <summary>A table column: header, relative width, right-aligned (numbers) or not.</summary>
public sealed record ReportColumn(string Header, double Width = 1, bool Right = false);

/// <summary>A bar or a point in a chart; a null value is drawn as "not shown" (too few answers).</summary>
public sealed record ChartValue(string Label, double? Value);

/// <summary>
/// A small document layer over PDFsharp, so a report is written as content, not coordinates: headings, wrapping
/// paragraphs, key–value blocks, tables that break across pages and repeat their header, bar and line charts. It
/// flows the content onto A4 pages and, when done, puts the municipality, the title and "Side X af Y" on every page.
/// Text is printed literally (no markup); characters the embedded font lacks (emoji) become a replacement mark.
/// </summary>
public sealed class ReportDocument : IDisposable
{
    private const double Margin = 50;
    private const double HeaderHeight = 40;
    private const double FooterHeight = 30;
    private const double CellPadding = 3;
    private const string Family = EmbeddedFonts.Family;

    // Static fields initialise in order: the font resolver must be in place before the first XFont is made.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0052", Justification = "Read for its side effect, in order.")]
    private static readonly bool FontsRegistered = EmbeddedFonts.Register();

    private static readonly XFont Body = new(Family, 9.5);
    private static readonly XFont BodyBold = new(Family, 9.5, XFontStyleEx.Bold);
    private static readonly XFont Small = new(Family, 8);
    private static readonly XFont[] Headings = [new(Family, 17, XFontStyleEx.Bold), new(Family, 12.5, XFontStyleEx.Bold), new(Family, 10.5, XFontStyleEx.Bold)];
    private static readonly XColor Ink = XColor.FromArgb(33, 33, 33);
    private static readonly XColor Muted = XColor.FromArgb(100, 100, 100);
    private static readonly XColor Accent = XColor.FromArgb(30, 74, 122);
    private static readonly XColor Rule = XColor.FromArgb(210, 210, 210);
    private static readonly XColor Shade = XColor.FromArgb(238, 242, 247);

    private readonly PdfDocument _pdf = new();
    private readonly string _title;
    private readonly ReportBranding _branding;
    private readonly DateTime _printedAt;
    private XGraphics? _gfx;
    private double _y;

    public ReportDocument(string title, ReportBranding branding, DateTime printedAtUtc)
    {
        _title = Clean(title);
        _branding = branding;
        _printedAt = printedAtUtc;
        _pdf.Info.Title = _title;
        _pdf.Info.Author = branding.Municipality;
        _pdf.Info.Creator = "Erhvervsdialog";
        _pdf.Info.CreationDate = printedAtUtc;
        _pdf.Internals.Catalog.Elements.SetString("/Lang", "da-DK");
        NewPage();
    }

    public int PageCount => _pdf.PageCount;

    private static double PageWidth => XUnit.FromMillimeter(210).Point;
    private static double PageHeight => XUnit.FromMillimeter(297).Point;
    private static double ContentWidth => PageWidth - (2 * Margin);
    private static double Top => Margin + HeaderHeight;
    private static double Bottom => PageHeight - Margin - FooterHeight;

    public void Heading(string text, int level = 1)
    {
        var font = Headings[Math.Clamp(level, 1, 3) - 1];
        var lines = Wrap(text, font, ContentWidth);
        var space = level == 1 ? 6 : 10;
        // Keep a heading with at least two lines of what follows.
        EnsureSpace(space + (lines.Count * LineHeight(font)) + (2 * LineHeight(Body)));
        _y += _y > Top ? space : 0;
        foreach (var line in lines)
        {
            DrawLine(line, font, level == 1 ? Accent : Ink, Margin, ContentWidth);
        }
        _y += 3;
    }

    public void Paragraph(string? text, bool muted = false, bool bold = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        var font = bold ? BodyBold : Body;
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            EnsureSpace(LineHeight(font));
            DrawLine(line, font, muted ? Muted : Ink, Margin, ContentWidth);
        }
        _y += 4;
    }

    /// <summary>A definition list: the key in a narrow column, the value wrapping beside it.</summary>
    public void KeyValues(IEnumerable<(string Key, string? Value)> pairs)
    {
        Table([new ReportColumn("", 0.3), new ReportColumn("", 0.7)], pairs.Select(p => (IReadOnlyList<string?>)[p.Key, string.IsNullOrWhiteSpace(p.Value) ? "–" : p.Value]), header: false);
    }

    /// <summary>A table whose rows break across pages; the header is repeated on each page, and a row taller than a page is split.</summary>
    public void Table(IReadOnlyList<ReportColumn> columns, IEnumerable<IReadOnlyList<string?>> rows, bool header = true, string? empty = null)
    {
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => ContentWidth * c.Width / total).ToArray();
        var lineHeight = LineHeight(Body);
        var any = false;
        if (header)
        {
            EnsureSpace(HeaderRowHeight(columns, widths) + lineHeight + (2 * CellPadding));
            DrawHeader(columns, widths);
        }
        foreach (var row in rows)
        {
            any = true;
            var cells = columns.Select((c, i) => Wrap(i < row.Count ? row[i] ?? "" : "", header || i > 0 ? Body : BodyBold, widths[i] - (2 * CellPadding))).ToArray();
            var height = cells.Max(c => c.Count);
            var done = 0;
            while (done < height)
            {
                var fits = (int)Math.Floor((Bottom - _y - (2 * CellPadding)) / lineHeight);
                if (fits < 1)
                {
                    NewPage();
                    if (header)
                    {
                        DrawHeader(columns, widths);
                    }
                    continue;
                }
                var take = Math.Min(fits, height - done);
                var x = Margin;
                for (var i = 0; i < columns.Count; i++)
                {
                    var y = _y + CellPadding;
                    foreach (var line in cells[i].Skip(done).Take(take))
                    {
                        DrawText(line, header || i > 0 ? Body : BodyBold, header || i > 0 ? Ink : Muted, x + CellPadding, y, widths[i] - (2 * CellPadding), columns[i].Right);
                        y += lineHeight;
                    }
                    x += widths[i];
                }
                _y += (take * lineHeight) + (2 * CellPadding);
                done += take;
                _gfx!.DrawLine(new XPen(Rule, 0.5), Margin, _y, Margin + ContentWidth, _y);
            }
        }
        if (!any && empty is not null)
        {
            Paragraph(empty, muted: true);
        }
        _y += 8;
    }

    /// <summary>Horizontal bars, one per label, on a scale from 0 to <paramref name="max"/>.</summary>
    public void BarChart(string title, IReadOnlyList<ChartValue> bars, double max, string format, string hidden)
    {
        EnsureSpace(40 + (Math.Min(bars.Count, 4) * 17)); // the title with the first bars
        Heading(title, 3);
        if (bars.Count == 0)
        {
            return;
        }
        const double barHeight = 13;
        var labelWidth = ContentWidth * 0.34;
        var valueWidth = 90;
        var barArea = ContentWidth - labelWidth - valueWidth;
        foreach (var bar in bars)
        {
            EnsureSpace(barHeight + 4);
            var label = Wrap(bar.Label, Small, labelWidth - 6).First();
            DrawText(label, Small, Ink, Margin, _y + 2, labelWidth - 6, right: false);
            var x = Margin + labelWidth;
            _gfx!.DrawRectangle(new XSolidBrush(Shade), x, _y, barArea, barHeight);
            if (bar.Value is { } value)
            {
                _gfx.DrawRectangle(new XSolidBrush(Accent), x, _y, barArea * Math.Clamp(value / max, 0, 1), barHeight);
            }
            var text = bar.Value is { } v ? v.ToString(format, DanishTime.Culture) : hidden;
            DrawText(text, Small, bar.Value is null ? Muted : Ink, x + barArea + 6, _y + 2, valueWidth - 6, right: false);
            _y += barHeight + 4;
        }
        _y += 8;
    }

    /// <summary>A line over time on a fixed scale; gaps where a value is not shown.</summary>
    public void LineChart(string title, IReadOnlyList<ChartValue> points, double min, double max, string hidden)
    {
        const double height = 130;
        EnsureSpace(height + 60); // the title with the chart
        Heading(title, 3);
        var left = Margin + 24;
        var width = ContentWidth - 24;
        var top = _y + 4;
        var gfx = _gfx!;
        var grid = new XPen(Rule, 0.5);
        for (var v = min; v <= max + 0.001; v += 1)
        {
            var gy = top + height - ((v - min) / (max - min) * height);
            gfx.DrawLine(grid, left, gy, left + width, gy);
            DrawText(v.ToString("0", DanishTime.Culture), Small, Muted, Margin, gy - 5, 20, right: true);
        }
        if (points.Count > 0)
        {
            var step = width / Math.Max(1, points.Count);
            XPoint? previous = null;
            var line = new XPen(Accent, 1.6);
            for (var i = 0; i < points.Count; i++)
            {
                var x = left + (step * i) + (step / 2);
                DrawText(points[i].Label, Small, Muted, x - (step / 2), top + height + 4, step, right: false, center: true);
                if (points[i].Value is not { } value)
                {
                    previous = null;
                    continue;
                }
                var point = new XPoint(x, top + height - ((Math.Clamp(value, min, max) - min) / (max - min) * height));
                if (previous is { } p)
                {
                    gfx.DrawLine(line, p, point);
                }
                gfx.DrawEllipse(new XSolidBrush(Accent), point.X - 2.5, point.Y - 2.5, 5, 5);
                previous = point;
            }
            if (points.All(p => p.Value is null))
            {
                DrawText(hidden, Small, Muted, left, top + (height / 2) - 5, width, right: false, center: true);
            }
        }
        _y = top + height + 22;
    }

    public void Spacer(double points) => _y += points;

    /// <summary>Finishes every page with header and footer and returns the PDF.</summary>
    public byte[] ToPdf()
    {
        _gfx?.Dispose();
        _gfx = null;
        var logo = _branding.Logo is { Length: > 0 } bytes ? TryLogo(bytes) : null;
        for (var i = 0; i < _pdf.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            var x = Margin;
            if (logo is not null)
            {
                var h = 24.0;
                var w = h * logo.PixelWidth / Math.Max(1, logo.PixelHeight);
                gfx.DrawImage(logo, Margin, Margin - 4, w, h);
                x += w + 8;
            }
            gfx.DrawString(Clean(_branding.Municipality), BodyBold, new XSolidBrush(Accent), new XRect(x, Margin, PageWidth - Margin - x, 14), XStringFormats.TopLeft);
            var title = Fit(_title, Small, ContentWidth * 0.55);
            gfx.DrawString(title, Small, new XSolidBrush(Muted), new XRect(Margin, Margin + 2, ContentWidth, 12), XStringFormats.TopRight);
            gfx.DrawLine(new XPen(Rule, 0.7), Margin, Margin + 24, PageWidth - Margin, Margin + 24);
            var footerY = PageHeight - Margin - 10;
            gfx.DrawLine(new XPen(Rule, 0.7), Margin, footerY - 6, PageWidth - Margin, footerY - 6);
            gfx.DrawString($"Udskrevet {DanishTime.DateTimeText(_printedAt)}", Small, new XSolidBrush(Muted), new XRect(Margin, footerY, ContentWidth, 12), XStringFormats.TopLeft);
            gfx.DrawString($"Side {i + 1} af {_pdf.PageCount}", Small, new XSolidBrush(Muted), new XRect(Margin, footerY, ContentWidth, 12), XStringFormats.TopRight);
        }
        using var stream = new MemoryStream();
        _pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _pdf.Dispose();
    }

    private static XImage? TryLogo(byte[] bytes)
    {
        try
        {
            return XImage.FromStream(new MemoryStream(bytes));
        }
        catch (Exception)
        {
            return null; // A broken logo file must not stop the report.
        }
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _pdf.AddPage();
        page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(page);
        _y = Top;
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom && _y > Top)
        {
            NewPage();
        }
    }

    private void DrawHeader(IReadOnlyList<ReportColumn> columns, double[] widths)
    {
        var height = HeaderRowHeight(columns, widths);
        _gfx!.DrawRectangle(new XSolidBrush(Shade), Margin, _y, ContentWidth, height);
        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var y = _y + CellPadding;
            foreach (var line in Wrap(columns[i].Header, BodyBold, widths[i] - (2 * CellPadding)))
            {
                DrawText(line, BodyBold, Ink, x + CellPadding, y, widths[i] - (2 * CellPadding), columns[i].Right);
                y += LineHeight(BodyBold);
            }
            x += widths[i];
        }
        _y += height;
    }

    private static double HeaderRowHeight(IReadOnlyList<ReportColumn> columns, double[] widths) =>
        (columns.Select((c, i) => Wrap(c.Header, BodyBold, widths[i] - (2 * CellPadding)).Count).Max() * LineHeight(BodyBold)) + (2 * CellPadding);

    private void DrawLine(string text, XFont font, XColor color, double x, double width)
    {
        DrawText(text, font, color, x, _y, width, right: false);
        _y += LineHeight(font);
    }

    private void DrawText(string text, XFont font, XColor color, double x, double y, double width, bool right, bool center = false)
    {
        var format = center ? XStringFormats.TopCenter : right ? XStringFormats.TopRight : XStringFormats.TopLeft;
        _gfx!.DrawString(text, font, new XSolidBrush(color), new XRect(x, y, width, LineHeight(font)), format);
    }

    private static double LineHeight(XFont font) => font.Size * 1.32;

    private static readonly XGraphics Measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);

    private static double Width(string text, XFont font)
    {
        lock (Measure)
        {
            return Measure.MeasureString(text, font).Width;
        }
    }

    /// <summary>Breaks text into lines that fit the width: at spaces, and inside words longer than a line.</summary>
    internal static List<string> Wrap(string? text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Clean(text ?? "").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Width(candidate, font) <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var rest = word;
                while (Width(rest, font) > width && rest.Length > 1)
                {
                    // The longest start of the word that fits (binary search).
                    int low = 1, high = rest.Length - 1;
                    while (low < high)
                    {
                        var middle = (low + high + 1) / 2;
                        if (Width(rest[..middle], font) <= width)
                        {
                            low = middle;
                        }
                        else
                        {
                            high = middle - 1;
                        }
                    }
                    lines.Add(rest[..low]);
                    rest = rest[low..];
                }
                line.Append(rest);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    private static string Fit(string text, XFont font, double width)
    {
        if (Width(text, font) <= width)
        {
            return text;
        }
        var cut = text.Length;
        while (cut > 1 && Width(text[..cut] + "…", font) > width)
        {
            cut--;
        }
        return text[..cut] + "…";
    }

    /// <summary>
    /// The literal text, safe for the font: tabs become spaces, other control characters go, and characters outside
    /// the Basic Multilingual Plane (emoji) become a replacement box, since the embedded font has no glyphs for them.
    /// </summary>
    internal static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.ReplaceLineEndings("\n").EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                builder.Append('\n');
            }
            else if (rune.Value == '\t')
            {
                builder.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse)
            {
                continue;
            }
            else if (!rune.IsBmp)
            {
                builder.Append('\u25A1');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }
        return builder.ToString();
    }
}

/// <summary>DejaVu Sans, embedded in the assembly: PDFsharp on Linux finds no system fonts by itself.</summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();

    public static bool Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
            return true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
