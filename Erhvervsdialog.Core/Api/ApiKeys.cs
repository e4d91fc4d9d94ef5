using System.Security.Cryptography;
using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Api;

public sealed record ApiClientRow(int Id, string Name, string KeyPrefix, bool MayCreateCompanies, DateTime CreatedAt,
    string CreatedByName, DateTime? RevokedAt, DateTime? LastUsedAt, IReadOnlyList<int> UnitIds);

/// <summary>
/// API keys for the units' case systems. A key looks like <c>edk_ab12cd34_…</c>: the prefix finds the client, and only a
/// SHA-256 hash of the whole key is stored, so the key is shown once, when it is created.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    private const string Scheme = "edk";
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A key for one case system, which may report contacts only for <paramref name="unitIds"/>.</summary>
    public async Task<(CommandResult Result, string? Key)> CreateAsync(string? name, bool mayCreateCompanies, IReadOnlyCollection<int> unitIds,
        Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        var errors = new Errors();
        var trimmed = errors.Text("Name", name, 200, required: true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = unitIds.Distinct().ToList();
        if (units.Count == 0 || await db.Units.CountAsync(u => units.Contains(u.Id), cancellationToken) != units.Count)
        {
            errors.Add("UnitIds", Messages.ApiKeyNeedsUnits);
        }
        if (trimmed is not null && await db.ApiClients.AnyAsync(c => c.Name == trimmed && c.RevokedAt == null, cancellationToken))
        {
            errors.Add("Name", Messages.ApiClientNameTaken);
        }
        if (errors.Count > 0)
        {
            return (CommandResult.Invalid(errors), null);
        }
        var prefix = RandomNumberGenerator.GetString(Alphabet, 8);
        var key = $"{Scheme}_{prefix}_{RandomNumberGenerator.GetString(Alphabet, 40)}";
        var client = new ApiClient
        {
            Name = trimmed!, KeyPrefix = prefix, KeyHash = Hash(key), MayCreateCompanies = mayCreateCompanies, UnitIds = units,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedByName = actor.DisplayName,
        };
        db.ApiClients.Add(client);
        var unitNames = await db.Units.Where(u => units.Contains(u.Id)).OrderBy(u => u.ShortName).Select(u => u.ShortName).ToListAsync(cancellationToken);
        Auditing.AuditLog.Add(db, actor, client.CreatedAt, Auditing.AuditAction.ApiKeyCreated, $"API-nøgle {client.Name} (edk_{prefix}_…)",
            after: $"enheder: {string.Join(", ", unitNames)}; må oprette virksomheder: {(mayCreateCompanies ? "ja" : "nej")}");
        await db.SaveChangesAsync(cancellationToken);
        return (CommandResult.Ok(client.Id), key);
    }

    public async Task RevokeAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id && c.RevokedAt == null, cancellationToken);
        if (client is null)
        {
            return;
        }
        client.RevokedAt = clock.GetUtcNow().UtcDateTime;
        Auditing.AuditLog.Add(db, actor, client.RevokedAt.Value, Auditing.AuditAction.ApiKeyRevoked, $"API-nøgle {client.Name} (edk_{client.KeyPrefix}_…)");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApiClientRow>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name)
            .Select(c => new ApiClientRow(c.Id, c.Name, c.KeyPrefix, c.MayCreateCompanies, c.CreatedAt, c.CreatedByName,
                c.RevokedAt, c.LastUsedAt, c.UnitIds))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The active client the key belongs to, or null for an unknown, malformed or revoked key.</summary>
    public async Task<ApiClient?> AuthenticateAsync(string? key, CancellationToken cancellationToken = default)
    {
        var parts = key?.Trim().Split('_');
        if (parts is not [Scheme, { Length: 8 } prefix, { Length: > 0 }])
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.KeyPrefix == prefix, cancellationToken);
        if (client is null || client.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(client.KeyHash, Hash(key!.Trim())))
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (client.LastUsedAt is null || client.LastUsedAt < now.AddMinutes(-1))
        {
            client.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return client;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
