using System.Diagnostics;
using UglyToad.PdfPig;

namespace Erhvervsdialog.Tests.Support;

/// <summary>Reads a PDF back with PdfPig, and renders its pages to PNG with pdftoppm so a person can look at them.</summary>
public sealed class PdfRead
{
    public required IReadOnlyList<string> Pages { get; init; }
    public required string? Title { get; init; }
    public required string? Author { get; init; }
    public required string Raw { get; init; }

    public string Text => string.Join("\n", Pages);

    public static PdfRead From(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return new PdfRead
        {
            Pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList(),
            Title = document.Information.Title,
            Author = document.Information.Author,
            Raw = System.Text.Encoding.Latin1.GetString(pdf),
        };
    }

    /// <summary>Writes the PDF and PNGs of its first pages to test-output/pdf; returns the PNG paths.</summary>
    public static IReadOnlyList<string> Render(byte[] pdf, string name, int pages = 2)
    {
        var folder = Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!, "pdf");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(file, pdf);
        using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", pages.ToString(System.Globalization.CultureInfo.InvariantCulture), file, Path.Combine(folder, name)])
        {
            RedirectStandardError = true,
        })!;
        process.WaitForExit(30_000);
        Assert.Equal(0, process.ExitCode);
        return Directory.GetFiles(folder, name + "-*.png").Order(StringComparer.Ordinal).ToList();
    }
}
