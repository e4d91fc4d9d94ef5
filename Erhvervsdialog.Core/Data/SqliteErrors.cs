using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Data;

public static class SqliteErrors
{
    private const int Constraint = 19;
    private const int ConstraintUnique = 2067;

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: Constraint } sqlite
        && (sqlite.SqliteExtendedErrorCode == ConstraintUnique || sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal));
}
