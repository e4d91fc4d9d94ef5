using System.Text;

namespace Erhvervsdialog.Core.Import;

/// <summary>
/// RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside. Small enough to own, and it reports the
/// line each record starts on, which the import's messages need.
/// </summary>
public static class Csv
{
    public static IEnumerable<(int Line, List<string> Cells)> Parse(string text, char delimiter)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    cell.Append(ch);
                }
            }
            else if (ch == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (ch == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                cells.Add(cell.ToString());
                cell.Clear();
                yield return (recordLine, cells);
                cells = [];
                line++;
                recordLine = line;
            }
            else
            {
                cell.Append(ch);
            }
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (recordLine, cells);
        }
    }

    /// <summary>Writes rows as semicolon-separated UTF-8 with BOM, which Danish Excel opens with æøå intact.</summary>
    public static byte[] Write(IEnumerable<IEnumerable<string?>> rows)
    {
        var builder = new StringBuilder();
        foreach (var row in rows)
        {
            builder.AppendJoin(';', row.Select(Quote)).Append("\r\n");
        }
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(builder.ToString())];
    }

    /// <summary>
    /// A leading = + - @ would make Excel run the cell as a formula (CSV injection); a quote mark keeps it text.
    /// Every download, CSV or Excel, passes its cells through here.
    /// </summary>
    public static string AsText(string? value)
    {
        value ??= "";
        return value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, out _) ? "'" + value : value;
    }

    private static string Quote(string? raw)
    {
        var value = AsText(raw);
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
