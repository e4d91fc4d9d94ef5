using System.Globalization;
using System.Text;
using Erhvervsdialog.Core.Common;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

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
/// The PDF is tagged (PDF/UA, with PDFsharp's UAManager): headings, paragraphs, tables with header cells and charts
/// as figures with a text alternative are in the structure tree in reading order, the language is Danish, and the
/// running header, footer, rules and shading are artifacts a screen reader skips. Minutes go to companies.
/// Content is recorded and laid out twice when the PDF is asked for: once to count the pages, once for real, so that
/// every page gets its header and "Side X af Y" while it is the current page (which tagging requires).
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

    private readonly List<Action> _content = [];
    private readonly string _title;
    private readonly ReportBranding _branding;
    private readonly DateTime _printedAt;
    private readonly XImage? _logo;
    // The layout under way (see ToPdf).
    private PdfDocument _pdf = null!;
    private StructureBuilder _tags = null!;
    private int _pageCount;
    private XGraphics? _gfx;
    private double _y;

    public ReportDocument(string title, ReportBranding branding, DateTime printedAtUtc)
    {
        _title = Clean(title);
        _branding = branding;
        _printedAt = printedAtUtc;
        _logo = branding.Logo is { Length: > 0 } bytes ? TryLogo(bytes) : null;
    }

    private static double PageWidth => XUnit.FromMillimeter(210).Point;
    private static double PageHeight => XUnit.FromMillimeter(297).Point;
    private static double ContentWidth => PageWidth - (2 * Margin);
    private static double Top => Margin + HeaderHeight;
    private static double Bottom => PageHeight - Margin - FooterHeight;

    /// <summary>The room a line chart takes with its title: a heading just before one can keep it on its page.</summary>
    public const double LineChartRoom = 190;

    /// <summary>A heading, kept on the page with at least two lines of what follows, or <paramref name="keepWithNext"/> points of it.</summary>
    public void Heading(string text, int level = 1, double keepWithNext = 0) => _content.Add(() => DrawHeading(text, level, keepWithNext));

    public void Paragraph(string? text, bool muted = false, bool bold = false) => _content.Add(() => DrawParagraph(text, muted, bold));

    /// <summary>A definition list: the key in a narrow column, the value wrapping beside it.</summary>
    public void KeyValues(IEnumerable<(string Key, string? Value)> pairs)
    {
        IReadOnlyList<IReadOnlyList<string?>> rows = [.. pairs.Select(p => (IReadOnlyList<string?>)[p.Key, string.IsNullOrWhiteSpace(p.Value) ? "–" : p.Value])];
        _content.Add(() => DrawTable([new ReportColumn("", 0.3), new ReportColumn("", 0.7)], rows, header: false, empty: null));
    }

    /// <summary>
    /// A table whose rows break across pages; the header is repeated on each page (as an artifact: it is in the structure
    /// once), and a row taller than a page is split. Without a header row, the first column heads its row.
    /// </summary>
    public void Table(IReadOnlyList<ReportColumn> columns, IEnumerable<IReadOnlyList<string?>> rows, bool header = true, string? empty = null)
    {
        IReadOnlyList<IReadOnlyList<string?>> list = [.. rows];
        _content.Add(() => DrawTable(columns, list, header, empty));
    }

    /// <summary>Horizontal bars, one per label, on a scale from 0 to <paramref name="max"/>.</summary>
    public void BarChart(string title, IReadOnlyList<ChartValue> bars, double max, string format, string hidden) =>
        _content.Add(() => DrawBarChart(title, bars, max, format, hidden));

    /// <summary>A line over time on a fixed scale; gaps where a value is not shown.</summary>
    public void LineChart(string title, IReadOnlyList<ChartValue> points, double min, double max, string hidden) =>
        _content.Add(() => DrawLineChart(title, points, min, max, hidden));

    public void Spacer(double points) => _content.Add(() => _y += points);

    private void DrawHeading(string text, int level, double keepWithNext = 0)
    {
        var font = Headings[Math.Clamp(level, 1, 3) - 1];
        var lines = Wrap(text, font, ContentWidth);
        var space = level == 1 ? 6 : 10;
        // Keep a heading with at least two lines of what follows.
        EnsureSpace(space + (lines.Count * LineHeight(font)) + Math.Max(2 * LineHeight(Body), keepWithNext));
        _y += _y > Top ? space : 0;
        _tags.BeginElement(level switch
        {
            1 => PdfBlockLevelElementTag.Heading1,
            2 => PdfBlockLevelElementTag.Heading2,
            _ => PdfBlockLevelElementTag.Heading3,
        });
        foreach (var line in lines)
        {
            DrawLine(line, font, level == 1 ? Accent : Ink, Margin, ContentWidth);
        }
        _tags.End();
        _y += 3;
    }

    private void DrawParagraph(string? text, bool muted = false, bool bold = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        var font = bold ? BodyBold : Body;
        _tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            EnsureSpace(LineHeight(font));
            DrawLine(line, font, muted ? Muted : Ink, Margin, ContentWidth);
        }
        _tags.End();
        _y += 4;
    }

    private void DrawTable(IReadOnlyList<ReportColumn> columns, IReadOnlyList<IReadOnlyList<string?>> rows, bool header, string? empty)
    {
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => ContentWidth * c.Width / total).ToArray();
        var lineHeight = LineHeight(Body);
        var any = false;
        if (header)
        {
            EnsureSpace(HeaderRowHeight(columns, widths) + lineHeight + (2 * CellPadding));
        }
        _tags.BeginElement(PdfBlockLevelElementTag.Table);
        if (header)
        {
            DrawHeader(columns, widths, repeated: false);
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
                        DrawHeader(columns, widths, repeated: true);
                    }
                    continue;
                }
                var take = Math.Min(fits, height - done);
                var x = Margin;
                _tags.BeginElement(PdfBlockLevelElementTag.TableRow);
                for (var i = 0; i < columns.Count; i++)
                {
                    _tags.BeginElement(!header && i == 0 ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                    var y = _y + CellPadding;
                    foreach (var line in cells[i].Skip(done).Take(take))
                    {
                        DrawText(line, header || i > 0 ? Body : BodyBold, header || i > 0 ? Ink : Muted, x + CellPadding, y, widths[i] - (2 * CellPadding), columns[i].Right);
                        y += lineHeight;
                    }
                    _tags.End();
                    x += widths[i];
                }
                _tags.End();
                _y += (take * lineHeight) + (2 * CellPadding);
                done += take;
                Decoration(gfx => gfx.DrawLine(new XPen(Rule, 0.5), Margin, _y, Margin + ContentWidth, _y));
            }
        }
        _tags.End();
        if (!any && empty is not null)
        {
            DrawParagraph(empty, muted: true);
        }
        _y += 8;
    }

    private void DrawBarChart(string title, IReadOnlyList<ChartValue> bars, double max, string format, string hidden)
    {
        const double barHeight = 13;
        // The whole chart on one page where it fits, so its figure has one place.
        EnsureSpace(Math.Min(40 + (bars.Count * (barHeight + 4)), Bottom - Top));
        DrawHeading(title, 3);
        if (bars.Count == 0)
        {
            return;
        }
        _tags.BeginElement(PdfIllustrationElementTag.Figure,
            ChartText(title, bars.Select(b => (b.Label, b.Value is { } v ? v.ToString(format, DanishTime.Culture) : hidden))),
            new XRect(Margin, _y, ContentWidth, bars.Count * (barHeight + 4)));
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
        _tags.End();
        _y += 8;
    }

    private void DrawLineChart(string title, IReadOnlyList<ChartValue> points, double min, double max, string hidden)
    {
        const double height = 130;
        EnsureSpace(LineChartRoom); // the title with the chart
        DrawHeading(title, 3);
        var left = Margin + 24;
        var width = ContentWidth - 24;
        var top = _y + 4;
        var gfx = _gfx!;
        _tags.BeginElement(PdfIllustrationElementTag.Figure,
            ChartText(title, points.Select(p => (p.Label, p.Value is { } v ? v.ToString("0.0", DanishTime.Culture) : hidden))),
            new XRect(Margin, top, ContentWidth, height + 18 + LineHeight(Small)));
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
            var twoLines = points.Any(p => Width(p.Label, Small) > step - 2);
            XPoint? previous = null;
            var line = new XPen(Accent, 1.6);
            for (var i = 0; i < points.Count; i++)
            {
                var x = left + (step * i) + (step / 2);
                // "dec. 2026" on two lines (all labels alike) where twelve months leave too little room for one.
                var labelLines = twoLines ? points[i].Label.Split(' ', 2) : [points[i].Label];
                for (var l = 0; l < labelLines.Length; l++)
                {
                    DrawText(labelLines[l], Small, Muted, x - (step / 2), top + height + 4 + (l * LineHeight(Small)), step, right: false, center: true);
                }
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
        _tags.End();
        _y = top + height + 22 + LineHeight(Small);
    }

    /// <summary>A chart's text alternative: its title and every value, as a screen reader reads them.</summary>
    private static string ChartText(string title, IEnumerable<(string Label, string Value)> values) =>
        $"{Clean(title)}: {string.Join("; ", values.Select(v => $"{Clean(v.Label)} {v.Value}"))}.";

    /// <summary>Lays the content out twice, to count the pages and then for real, and returns the PDF.</summary>
    public byte[] ToPdf()
    {
        var pages = Layout(pageCount: 0);
        _pdf.Dispose();
        Layout(pages);
        using var stream = new MemoryStream();
        _pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private int Layout(int pageCount)
    {
        _pdf = new PdfDocument();
        _pdf.Info.Title = _title;
        _pdf.Info.Author = _branding.Municipality;
        _pdf.Info.Creator = "Erhvervsdialog";
        _pdf.Info.CreationDate = _printedAt;
        var accessibility = UAManager.ForDocument(_pdf);
        accessibility.SetDocumentLanguage("da-DK");
        _tags = accessibility.StructureBuilder;
        _pageCount = pageCount;
        NewPage();
        foreach (var content in _content)
        {
            content();
        }
        _gfx?.Dispose();
        _gfx = null;
        return _pdf.PageCount;
    }

    /// <summary>The municipality, its logo and the title at the top, and when printed and "Side X af Y" at the foot: artifacts, not content.</summary>
    private void DrawRunningHeaderAndFooter()
    {
        var gfx = _gfx!;
        _tags.BeginArtifact();
        var x = Margin;
        if (_logo is not null)
        {
            var h = 24.0;
            var w = h * _logo.PixelWidth / Math.Max(1, _logo.PixelHeight);
            gfx.DrawImage(_logo, Margin, Margin - 4, w, h);
            x += w + 8;
        }
        gfx.DrawString(Clean(_branding.Municipality), BodyBold, new XSolidBrush(Accent), new XRect(x, Margin, PageWidth - Margin - x, 14), XStringFormats.TopLeft);
        var title = Fit(_title, Small, ContentWidth * 0.55);
        gfx.DrawString(title, Small, new XSolidBrush(Muted), new XRect(Margin, Margin + 2, ContentWidth, 12), XStringFormats.TopRight);
        gfx.DrawLine(new XPen(Rule, 0.7), Margin, Margin + 24, PageWidth - Margin, Margin + 24);
        var footerY = PageHeight - Margin - 10;
        gfx.DrawLine(new XPen(Rule, 0.7), Margin, footerY - 6, PageWidth - Margin, footerY - 6);
        gfx.DrawString($"Udskrevet {DanishTime.DateTimeText(_printedAt)}", Small, new XSolidBrush(Muted), new XRect(Margin, footerY, ContentWidth, 12), XStringFormats.TopLeft);
        gfx.DrawString($"Side {_pdf.PageCount} af {Math.Max(_pageCount, _pdf.PageCount)}", Small, new XSolidBrush(Muted), new XRect(Margin, footerY, ContentWidth, 12), XStringFormats.TopRight);
        _tags.End();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _pdf?.Dispose();
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
        DrawRunningHeaderAndFooter();
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom && _y > Top)
        {
            NewPage();
        }
    }

    /// <summary>The header row: header cells the first time, an artifact where it is repeated on a new page.</summary>
    private void DrawHeader(IReadOnlyList<ReportColumn> columns, double[] widths, bool repeated)
    {
        var height = HeaderRowHeight(columns, widths);
        Decoration(gfx => gfx.DrawRectangle(new XSolidBrush(Shade), Margin, _y, ContentWidth, height));
        if (repeated)
        {
            _tags.BeginArtifact();
        }
        else
        {
            _tags.BeginElement(PdfBlockLevelElementTag.TableRow);
        }
        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!repeated)
            {
                _tags.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
            }
            var y = _y + CellPadding;
            foreach (var line in Wrap(columns[i].Header, BodyBold, widths[i] - (2 * CellPadding)))
            {
                DrawText(line, BodyBold, Ink, x + CellPadding, y, widths[i] - (2 * CellPadding), columns[i].Right);
                y += LineHeight(BodyBold);
            }
            if (!repeated)
            {
                _tags.End();
            }
            x += widths[i];
        }
        _tags.End();
        _y += height;
    }

    /// <summary>Rules and shading: drawn as an artifact, so a screen reader skips them.</summary>
    private void Decoration(Action<XGraphics> draw)
    {
        _tags.BeginArtifact();
        draw(_gfx!);
        _tags.End();
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
