using System.Text;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Web.Components.Shared;
using MiniExcelLibs;

namespace Erhvervsdialog.Tests.Web;

/// <summary>Both download formats keep a cell that would start a formula as text, and æøå intact.</summary>
public class TabularDownloadTests
{
    private static readonly string[] Headers = ["Virksomhed", "Resumé"];
    private static readonly string?[][] Rows = [["Ærø Æbler ApS", "=HYPERLINK(\"http://x\";\"klik\")"], ["Øresund", "-5"]];

    [Fact]
    public async Task Excel_FormulaCellKeptAsText_NumbersUntouched()
    {
        using var stream = await TabularDownload.XlsxAsync(Headers, Rows, CancellationToken.None);

        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("Ærø Æbler ApS", rows[0]["Virksomhed"]?.ToString());
        Assert.Equal("'=HYPERLINK(\"http://x\";\"klik\")", rows[0]["Resumé"]?.ToString());
        Assert.Equal("-5", rows[1]["Resumé"]?.ToString());
    }

    [Fact]
    public void Csv_FormulaCellKeptAsText()
    {
        var text = Encoding.UTF8.GetString(Csv.Write(Rows.Prepend(Headers)));

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\"", text, StringComparison.Ordinal);
        Assert.StartsWith("\uFEFFVirksomhed;Resumé", text, StringComparison.Ordinal);
    }
}
