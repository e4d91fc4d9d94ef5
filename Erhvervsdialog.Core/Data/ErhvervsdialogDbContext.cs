using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Erhvervsdialog.Core.Data;

public class ErhvervsdialogDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public ErhvervsdialogDbContext(DbContextOptions<ErhvervsdialogDbContext> options) : base(options)
    {
        SavingChanges += (_, _) => UpdateSortKeys();
    }

    public DbSet<Company> Companies => Set<Company>();
    public DbSet<ProductionUnit> ProductionUnits => Set<ProductionUnit>();
    public DbSet<ContactPerson> ContactPersons => Set<ContactPerson>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<MunicipalUnit> Units => Set<MunicipalUnit>();
    public DbSet<UnitMember> UnitMembers => Set<UnitMember>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<CompanyNote> CompanyNotes => Set<CompanyNote>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<SurveyTemplate> SurveyTemplates => Set<SurveyTemplate>();
    public DbSet<SurveyTemplateVersion> SurveyTemplateVersions => Set<SurveyTemplateVersion>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<IncomingSms> IncomingSms => Set<IncomingSms>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<FollowUpComment> FollowUpComments => Set<FollowUpComment>();
    public DbSet<Reports.StoredReport> Reports => Set<Reports.StoredReport>();
    public DbSet<Overview.Initiative> Initiatives => Set<Overview.Initiative>();
    public DbSet<Overview.RankingResult> Rankings => Set<Overview.RankingResult>();
    public DbSet<Overview.LearningEntry> LearningLog => Set<Overview.LearningEntry>();
    public DbSet<DialogueMeeting> DialogueMeetings => Set<DialogueMeeting>();
    public DbSet<MeetingParticipant> MeetingParticipants => Set<MeetingParticipant>();
    /// <summary>The sign-in key ring when several nodes share a PostgreSQL database (one node on SQLite keeps it in files).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var postgreSql = Database.IsNpgsql();
        if (postgreSql)
        {
            // The DANISH collation the model names: ICU's Danish order ("Aa" as "Å", after "Ø"), made by the first migration.
            builder.HasCollation(DanishCollation.Name, locale: "da-DK", provider: "icu", deterministic: true);
        }
        builder.ApplyConfigurationsFromAssembly(typeof(ErhvervsdialogDbContext).Assembly);
        builder.Entity<AppUser>().Property(u => u.FullName).HasMaxLength(200).UseCollation(DanishCollation.Name);
        builder.Entity<AppUser>().Property(u => u.CalendarFeedHash).HasMaxLength(64);
        builder.Entity<AppUser>().HasIndex(u => u.CalendarFeedHash).IsUnique();
        builder.Entity<Overview.Initiative>(initiative =>
        {
            initiative.Property(i => i.Title).HasMaxLength(200);
            initiative.Property(i => i.Description).HasMaxLength(4000);
            initiative.Property(i => i.Version).IsConcurrencyToken();
            initiative.HasOne<AppUser>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Overview.RankingResult>(ranking =>
        {
            ranking.Property(r => r.Municipality).HasMaxLength(100).UseCollation(DanishCollation.Name);
            ranking.HasIndex(r => new { r.Year, r.Municipality }).IsUnique();
            ranking.Ignore(r => r.Scores);
        });
        builder.Entity<Overview.LearningEntry>(entry =>
        {
            entry.Property(l => l.Municipality).HasMaxLength(100);
            entry.Property(l => l.Practice).HasMaxLength(4000);
            entry.Property(l => l.Link).HasMaxLength(500);
            entry.Property(l => l.Version).IsConcurrencyToken();
            entry.HasOne<Overview.Initiative>().WithMany().HasForeignKey(l => l.InitiativeId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Reports.StoredReport>(report =>
        {
            report.Property(r => r.Title).HasMaxLength(200);
            report.Property(r => r.CreatedByName).HasMaxLength(200);
            report.Property(r => r.FileName).HasMaxLength(200);
            report.Property(r => r.Error).HasMaxLength(1000);
            // The schedule makes one report per period, however often the job runs.
            report.HasIndex(r => new { r.PeriodStart, r.PeriodEnd }).IsUnique().HasFilter(postgreSql ? "\"Scheduled\"" : "\"Scheduled\" = 1");
        });
        builder.Entity<AccessLogEntry>(log =>
        {
            log.HasIndex(e => e.At);
            log.Property(e => e.UserName).HasMaxLength(256);
            log.Property(e => e.EntityType).HasMaxLength(50);
            log.Property(e => e.EntityId).HasMaxLength(50);
            log.Property(e => e.Detail).HasMaxLength(500);
        });
        builder.Entity<AuditEntry>(log =>
        {
            log.HasIndex(e => e.At);
            log.Property(e => e.UserName).HasMaxLength(256);
            log.Property(e => e.Subject).HasMaxLength(Auditing.AuditLog.MaxText);
            log.Property(e => e.Before).HasMaxLength(Auditing.AuditLog.MaxText);
            log.Property(e => e.After).HasMaxLength(Auditing.AuditLog.MaxText);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Everything is stored in UTC; SQLite forgets DateTimeKind, so restore it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    /// <summary>Stamps who created or changed each audited row, bumps its concurrency version, then saves.</summary>
    public Task<int> SaveChangesAsync(Actor actor, DateTime now, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<AuditedEntity>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.CreatedById = actor.UserId;
                entry.Entity.CreatedByName = actor.DisplayName;
            }
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.UpdatedById = actor.UserId;
                entry.Entity.UpdatedByName = actor.DisplayName;
                entry.Entity.Version++;
            }
        }
        return SaveChangesAsync(cancellationToken);
    }

    /// <summary>Saves like <see cref="SaveChangesAsync(Actor, DateTime, CancellationToken)"/>; false when someone else changed a row first.</summary>
    public async Task<bool> TrySaveChangesAsync(Actor actor, DateTime now, CancellationToken cancellationToken = default)
    {
        try
        {
            await SaveChangesAsync(actor, now, cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private void UpdateSortKeys()
    {
        foreach (var entry in ChangeTracker.Entries<Company>())
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(c => c.Name).IsModified)
                || entry.Entity.NameSortKey.Length == 0)
            {
                entry.Entity.NameSortKey = DanishCollation.SortKey(entry.Entity.Name);
            }
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
