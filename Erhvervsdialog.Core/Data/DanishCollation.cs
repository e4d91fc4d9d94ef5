using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// SQLite sorts by bytes, which puts Å before Æ and Ø and lower case after upper case. Danish order (case-insensitive,
/// "Ærø" before "Øster" before "Ålborg", "Aa" as "Å") comes two ways: a DANISH collation registered on every
/// connection EF opens, for small tables; and, for the large company register, a stored ICU sort key that SQLite
/// compares as plain bytes and can index (a collation callback per comparison was too slow on 100,000 rows).
/// </summary>
public sealed class DanishCollation : DbConnectionInterceptor
{
    public const string Name = "DANISH";

    private static readonly CompareInfo Danish = CultureInfo.GetCultureInfo("da-DK").CompareInfo;

    public static int Compare(string? x, string? y) => Danish.Compare(x, y, CompareOptions.IgnoreCase);

    public static byte[] SortKey(string value) => Danish.GetSortKey(value, CompareOptions.IgnoreCase).KeyData;

    /// <summary>
    /// Registers the DANISH collation, and replaces SQLite's lower(), which folds only A–Z, with one that folds Æ, Ø and
    /// Å too, so a case-insensitive search (<c>name.ToLower().Contains(…)</c>) finds "Ærø" for "ærø" (PostgreSQL's
    /// lower() does this already). No index is built on lower().
    /// </summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateCollation(Name, Compare);
        connection.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            Register(sqlite);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }
}
