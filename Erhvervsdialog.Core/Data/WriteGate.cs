using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// SQLite has one writer at a time. Left alone, concurrent writers collide, and the driver retries a busy database by
/// sleeping a thread in steps of 150 ms; a writer that keeps finding the lock taken (behind an import's back-to-back
/// batches, say) gives up after its timeout with "database is locked". This gate queues every writer of the process in
/// order instead: each SaveChanges, each explicit transaction and each ExecuteUpdate/ExecuteDelete waits asynchronously
/// for the one before it to finish. UI, API, Hangfire's workers, the import and the retention job all pass through EF,
/// so they all take their turn here. The gate is held per connection and counts nesting (SaveChanges inside a
/// transaction); closing the connection always lets go, so a transaction disposed without commit cannot keep it.
/// </summary>
public sealed class WriteGate : ISaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    /// <summary>How long a writer waits for its turn before it gives up with a clear message (SQLite's own wait is 30 s).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    // One queue per database file, shared by every service provider in the process that opens it (tests open several).
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private readonly ConditionalWeakTable<DbConnection, Hold> _holds = [];
    private readonly ConditionalWeakTable<DbCommand, object> _gatedCommands = [];

    public WriteGate(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var key = file.Length == 0 || file.StartsWith(':') ? connectionString : Path.GetFullPath(file);
        _gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    private sealed class Hold
    {
        public int Count;
    }

    private async ValueTask EnterAsync(DbConnection? connection, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            return;
        }
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Count == 0 && !await _gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new TimeoutException(Messages.DatabaseBusy);
        }
        hold.Count++;
    }

    private void Enter(DbConnection? connection)
    {
        if (connection is null)
        {
            return;
        }
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Count == 0 && !_gate.Wait(MaxWait))
        {
            throw new TimeoutException(Messages.DatabaseBusy);
        }
        hold.Count++;
    }

    private void Exit(DbConnection? connection, bool all = false)
    {
        if (connection is null || !_holds.TryGetValue(connection, out var hold) || hold.Count == 0)
        {
            return;
        }
        hold.Count = all ? 0 : hold.Count - 1;
        if (hold.Count == 0)
        {
            _gate.Release();
        }
    }

    private static DbConnection? ConnectionOf(DbContext? context) =>
        context?.Database.IsRelational() == true ? context.Database.GetDbConnection() : null;

    // SaveChanges: the whole save, including the transaction EF starts for it.
    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await EnterAsync(ConnectionOf(eventData.Context), cancellationToken);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enter(ConnectionOf(eventData.Context));
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Exit(ConnectionOf(eventData.Context));
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Exit(ConnectionOf(eventData.Context));

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Exit(ConnectionOf(eventData.Context));

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return Task.CompletedTask;
    }

    // Explicit transactions (BEGIN IMMEDIATE takes SQLite's write lock at once): from begin to commit or rollback.
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Enter(connection);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(ConnectionOf(eventData.Context));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(ConnectionOf(eventData.Context));

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Exit(ConnectionOf(eventData.Context));

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(ConnectionOf(eventData.Context));
        return Task.CompletedTask;
    }

    // ExecuteUpdate, ExecuteDelete and raw SQL: one statement each.
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Connection, cancellationToken);
        _gatedCommands.AddOrUpdate(command, command);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Enter(eventData.Connection);
        _gatedCommands.AddOrUpdate(command, command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        ExitCommand(command, eventData.Connection);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ExitCommand(command, eventData.Connection);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ExitCommand(command, eventData.Connection);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitCommand(command, eventData.Connection);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => ExitCommand(command, eventData.Connection);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitCommand(command, eventData.Connection);
        return Task.CompletedTask;
    }

    private void ExitCommand(DbCommand command, DbConnection connection)
    {
        if (_gatedCommands.Remove(command))
        {
            Exit(connection);
        }
    }

    // A closed connection holds no SQLite lock, so it holds no turn either.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Exit(connection, all: true);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Exit(connection, all: true);
        return Task.CompletedTask;
    }
}
