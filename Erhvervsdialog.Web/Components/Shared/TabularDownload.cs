using Erhvervsdialog.Core.Import;
using MiniExcelLibs;

namespace Erhvervsdialog.Web.Components.Shared;

/// <summary>
/// One table as a download: CSV (semicolon-separated UTF-8 with BOM, as Danish Excel opens it) or Excel. Either way a
/// cell that would start a formula is kept as text (<see cref="Csv.AsText"/>).
/// </summary>
public static class TabularDownload
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<IResult> FileAsync(string? format, string fileName, IReadOnlyList<string> headers,
        IReadOnlyList<string?[]> rows, CancellationToken cancellationToken)
    {
        if (format == "xlsx")
        {
            return Results.File(await XlsxAsync(headers, rows, cancellationToken), XlsxType, fileName + ".xlsx");
        }
        return Results.File(Csv.Write(rows.Prepend([.. headers])), "text/csv; charset=utf-8", fileName + ".csv");
    }

    public static async Task<MemoryStream> XlsxAsync(IReadOnlyList<string> headers, IReadOnlyList<string?[]> rows,
        CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows.Select(r => headers.Zip(r).ToDictionary(p => p.First, p => (object?)Csv.AsText(p.Second))),
            cancellationToken: cancellationToken);
        stream.Position = 0;
        return stream;
    }
}
