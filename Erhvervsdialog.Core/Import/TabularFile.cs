using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Erhvervsdialog.Core.Import;

/// <summary>A file's header row and data rows, each row with the line number the user sees in their file.</summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

public sealed record TableRow(int Line, IReadOnlyList<string> Cells)
{
    public string Cell(int? column) => column is { } c && c >= 0 && c < Cells.Count ? Cells[c].Trim() : "";
}

public sealed record ReadResult(Table? Table, string? Error);

/// <summary>
/// Reads CSV and Excel files as Danish users have them: semicolon, comma or tab separated, UTF-8 with or without BOM,
/// or Windows-1252; or .xlsx. Anything else is refused with a message saying why.
/// </summary>
public static class TabularFile
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 200_000;

    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<ReadResult> ReadAsync(Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return new ReadResult(null, string.Format(Messages.ImportTooLarge, MaxBytes / 1024 / 1024));
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return new ReadResult(null, Messages.ImportEmpty);
        }
        var isZip = bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || isZip)
        {
            return isZip ? ReadExcel(bytes) : new ReadResult(null, Messages.ImportNotTabular);
        }
        if (fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            return new ReadResult(null, Messages.ImportOldExcel);
        }
        return ReadCsv(bytes);
    }

    /// <summary>UTF-8 if the bytes are valid UTF-8 (with or without BOM), else Windows-1252, the Danish Excel default.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    private static ReadResult ReadCsv(byte[] bytes)
    {
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            return new ReadResult(null, Messages.ImportNotTabular);
        }
        var text = Decode(bytes);
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = new[] { ";", ",", "\t" }.MaxBy(d => firstLine.Count(ch => ch == d[0]))!;
        if (!firstLine.Contains(delimiter, StringComparison.Ordinal))
        {
            return new ReadResult(null, Messages.ImportNotTabular);
        }
        IReadOnlyList<string>? headers = null;
        var rows = new List<TableRow>();
        foreach (var (line, cells) in Csv.Parse(text, delimiter[0]))
        {
            if (headers is null)
            {
                headers = cells.Select(h => h.Trim()).ToList();
                continue;
            }
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                return new ReadResult(null, string.Format(Messages.ImportTooManyRows, MaxRows));
            }
            rows.Add(new TableRow(line, cells));
        }
        return headers is null || headers.Count < 2
            ? new ReadResult(null, Messages.ImportNotTabular)
            : new ReadResult(new Table(headers, rows), null);
    }

    private static ReadResult ReadExcel(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            var sheet = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            if (sheet.Count == 0)
            {
                return new ReadResult(null, Messages.ImportEmpty);
            }
            var columns = sheet[0].Keys.ToList();
            var headers = columns.Select(c => Format(sheet[0][c])).ToList();
            var rows = new List<TableRow>();
            for (var i = 1; i < sheet.Count; i++)
            {
                var cells = columns.Select(c => Format(sheet[i].TryGetValue(c, out var v) ? v : null)).ToList();
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (rows.Count == MaxRows)
                {
                    return new ReadResult(null, string.Format(Messages.ImportTooManyRows, MaxRows));
                }
                rows.Add(new TableRow(i + 1, cells));
            }
            return headers.Count(h => h.Length > 0) < 2
                ? new ReadResult(null, Messages.ImportNotTabular)
                : new ReadResult(new Table(headers, rows), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException)
        {
            return new ReadResult(null, Messages.ImportNotTabular);
        }
    }

    /// <summary>Excel stores CVR and postcodes as numbers; print them without decimals or grouping.</summary>
    private static string Format(object? value) => value switch
    {
        null => "",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
