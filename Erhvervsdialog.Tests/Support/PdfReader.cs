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

    /// <summary>The text a page marks as artifacts (running header, footer): what a screen reader skips.</summary>
    public static string ArtifactText(byte[] pdf, int page)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPage(page).GetMarkedContents().Where(m => m.IsArtifact).SelectMany(m => m.Letters).Select(l => l.Value));
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

/// <summary>A tagged PDF's structure tree as assistive technology reads it, read back with PDFsharp.</summary>
public sealed record PdfStructure(string? Language, bool Marked, IReadOnlyList<(string Tag, string? Alt)> Elements)
{
    public static PdfStructure From(byte[] pdf)
    {
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var catalog = document.Internals.Catalog;
        var elements = new List<(string, string?)>();
        void Walk(PdfSharp.Pdf.PdfItem? item)
        {
            switch (item)
            {
                case PdfSharp.Pdf.Advanced.PdfReference reference:
                    Walk(reference.Value);
                    break;
                case PdfSharp.Pdf.PdfArray array:
                    foreach (var child in array.Elements)
                    {
                        Walk(child);
                    }
                    break;
                case PdfSharp.Pdf.PdfDictionary element when element.Elements.GetName("/S") is { Length: > 0 } tag:
                    elements.Add((tag.TrimStart('/'), element.Elements.ContainsKey("/Alt") ? element.Elements.GetString("/Alt") : null));
                    Walk(element.Elements["/K"]);
                    break;
            }
        }
        Walk(catalog.Elements.GetDictionary("/StructTreeRoot")?.Elements["/K"]);
        return new PdfStructure(catalog.Elements.GetString("/Lang"),
            catalog.Elements.GetDictionary("/MarkInfo")?.Elements.GetBoolean("/Marked") ?? false, elements);
    }
}
