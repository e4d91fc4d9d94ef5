using System.Text.Json;
using System.Text.Json.Serialization;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Privacy;

public sealed record PersonMatch(int Id, string Name, string? Email, string? Mobile, string CompanyName, string Cvr);

/// <summary>Everything the app holds about one person (GDPR article 15), as the JSON file and the PDF show it.</summary>
public sealed record SubjectAccessReport(
    DateTime MadeAt,
    string MadeBy,
    IReadOnlyList<SubjectAccessReport.Person> Persons,
    IReadOnlyList<SubjectAccessReport.ContactItem> Contacts,
    IReadOnlyList<SubjectAccessReport.SurveyItem> Surveys,
    IReadOnlyList<SubjectAccessReport.MessageItem> Messages,
    IReadOnlyList<SubjectAccessReport.MeetingItem> Meetings,
    IReadOnlyList<SubjectAccessReport.FollowUpItem> FollowUps,
    IReadOnlyList<SubjectAccessReport.AccessItem> AccessLog)
{
    public sealed record Person(int Id, string Company, string Cvr, string Name, string? Title, string? Email, string? Mobile,
        bool SurveyOptOut, DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, string? UpdatedBy);
    public sealed record ContactItem(int Id, DateTime OccurredAt, string Company, string Unit, string Channel, string? Topic,
        string? Summary, string Status, string? CaseWorker, string? CaseReference);
    public sealed record SurveyItem(int InvitationId, DateTime CreatedAt, string Channel, string Recipient, string Status,
        DateTime? AnsweredAt, int? Satisfaction, int? Recommendation, string? Comment, bool? MayContact);
    public sealed record MessageItem(int Id, DateTime CreatedAt, DateTime? SentAt, string Kind, string Channel, string Recipient,
        string? Subject, string Body, string Status, string? Attachment);
    public sealed record MeetingItem(int Id, DateTime StartsAt, string Company, string? Place, string? Purpose, string Status,
        string? Summary, string? Decisions);
    public sealed record FollowUpItem(int Id, DateTime CreatedAt, string Title, string? Description, string Status, DateTime? ClosedAt,
        string? ClosingNote);
    public sealed record AccessItem(DateTime At, string User, string Action, string? Detail);

    [JsonIgnore]
    public int Total => Persons.Count + Contacts.Count + Surveys.Count + Messages.Count + Meetings.Count + FollowUps.Count + AccessLog.Count;
}

/// <summary>
/// Administration → Indsigt: an administrator finds a person by name, e-mail or mobile number and downloads everything
/// the app holds about them, as JSON and as a readable PDF. "Them" is every contact-person record with the chosen
/// person's e-mail or mobile number (one person may be contact at several companies), and whatever went to those
/// addresses. Searching and each export are written to the access log.
/// </summary>
public sealed class SubjectAccess(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, CompanyReports reports, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<IReadOnlyList<PersonMatch>> SearchAsync(string? text, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        if (Validators.Trimmed(text) is not { Length: >= 2 } query)
        {
            return [];
        }
        var mobile = Validators.ToE164(query);
        var lower = query.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matches = await db.ContactPersons.AsNoTracking()
            .Where(p => p.Name.ToLower().Contains(lower) || (p.Email != null && p.Email.ToLower() == lower) || (mobile != null && p.Mobile == mobile))
            .OrderBy(p => p.Name).Take(50)
            .Select(p => new PersonMatch(p.Id, p.Name, p.Email, p.Mobile, p.Company!.Name, p.Company.Cvr))
            .ToListAsync(cancellationToken);
        AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Search, nameof(ContactPerson), null,
            $"Indsigt: {matches.Count} fundet for «{query}»");
        await db.SaveChangesAsync(cancellationToken);
        return matches;
    }

    public async Task<SubjectAccessReport?> GatherAsync(int personId, Actor actor, string format, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var chosen = await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (chosen is null)
        {
            return null;
        }
        var email = chosen.Email?.ToLowerInvariant();
        var persons = await db.ContactPersons.AsNoTracking()
            .Where(p => p.Id == personId || (email != null && p.Email != null && p.Email.ToLower() == email) || (chosen.Mobile != null && p.Mobile == chosen.Mobile))
            .OrderBy(p => p.Id)
            .Select(p => new SubjectAccessReport.Person(p.Id, p.Company!.Name, p.Company.Cvr, p.Name, p.Title, p.Email, p.Mobile, p.SurveyOptOut,
                p.CreatedAt, p.CreatedByName, p.UpdatedAt, p.UpdatedByName))
            .ToListAsync(cancellationToken);
        var ids = persons.Select(p => p.Id).ToList();
        var addresses = persons.SelectMany(p => new[] { p.Email, p.Mobile }).OfType<string>().Distinct().ToList();

        var contactRows = await db.Contacts.AsNoTracking().Where(c => c.ContactPersonId != null && ids.Contains(c.ContactPersonId.Value))
            .OrderBy(c => c.OccurredAt)
            .Select(c => new
            {
                c.Id, c.OccurredAt, Company = c.Company!.Name, Unit = c.Unit!.Name, c.Channel, c.Topic, c.Summary, c.Status,
                CaseWorker = c.CaseWorker == null ? null : c.CaseWorker.FullName, c.CaseReference
            })
            .ToListAsync(cancellationToken);
        var contactIds = contactRows.Select(c => c.Id).ToList();
        var surveyRows = await db.SurveyInvitations.AsNoTracking()
            .Where(i => addresses.Contains(i.Recipient) || contactIds.Contains(i.ContactId))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new
            {
                i.Id, i.CreatedAt, i.Channel, i.Recipient, i.Status, i.AnsweredAt,
                Response = db.SurveyResponses.Where(r => r.InvitationId == i.Id)
                    .Select(r => new { r.Id, r.Satisfaction, r.Recommendation, r.Comment, r.MayContact }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var responseIds = surveyRows.Where(s => s.Response != null).Select(s => s.Response!.Id).ToList();
        var messages = (await db.Messages.AsNoTracking().Where(m => addresses.Contains(m.Recipient)).OrderBy(m => m.CreatedAt)
                .Select(m => new { m.Id, m.CreatedAt, m.SentAt, m.Kind, m.Channel, m.Recipient, m.Subject, m.Body, m.Status, m.AttachmentName })
                .ToListAsync(cancellationToken))
            .Select(m => new SubjectAccessReport.MessageItem(m.Id, m.CreatedAt, m.SentAt, EnumText.For(m.Kind), EnumText.For(m.Channel), m.Recipient,
                m.Subject, m.Body, EnumText.For(m.Status), m.AttachmentName))
            // The SMS the person sent us (survey replies) are theirs too.
            .Concat((await db.IncomingSms.AsNoTracking().Where(m => addresses.Contains(m.From)).OrderBy(m => m.ReceivedAt).ToListAsync(cancellationToken))
                .Select(m => new SubjectAccessReport.MessageItem(m.Id, m.ReceivedAt, m.ReceivedAt, Messages.IncomingSmsKind, "SMS", m.From, null, m.Text,
                    EnumText.For(m.Outcome), null)))
            .ToList();
        var meetings = (await db.DialogueMeetings.AsNoTracking()
                .Where(d => db.MeetingParticipants.Any(p => p.MeetingId == d.Id
                                                           && ((p.ContactPersonId != null && ids.Contains(p.ContactPersonId.Value))
                                                               || (p.Email != null && addresses.Contains(p.Email)))))
                .OrderBy(d => d.StartsAt)
                .Select(d => new { d.Id, d.StartsAt, Company = d.Company!.Name, d.Place, d.Purpose, d.Status, d.Summary, d.Decisions })
                .ToListAsync(cancellationToken))
            .Select(d => new SubjectAccessReport.MeetingItem(d.Id, d.StartsAt, d.Company, d.Place, d.Purpose, EnumText.For(d.Status), d.Summary, d.Decisions))
            .ToList();
        var followUps = (await db.FollowUps.AsNoTracking()
                .Where(f => (f.ContactId != null && contactIds.Contains(f.ContactId.Value))
                            || (f.SurveyResponseId != null && responseIds.Contains(f.SurveyResponseId.Value)))
                .OrderBy(f => f.CreatedAt)
                .Select(f => new { f.Id, f.CreatedAt, f.Title, f.Description, f.Status, f.ClosedAt, f.ClosingNote })
                .ToListAsync(cancellationToken))
            .Select(f => new SubjectAccessReport.FollowUpItem(f.Id, f.CreatedAt, f.Title, f.Description, EnumText.For(f.Status), f.ClosedAt, f.ClosingNote))
            .ToList();
        var idTexts = ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var access = (await db.AccessLog.AsNoTracking()
                .Where(e => e.EntityType == nameof(ContactPerson) && e.EntityId != null && idTexts.Contains(e.EntityId))
                .OrderBy(e => e.At).Select(e => new { e.At, e.UserName, e.Action, e.Detail })
                .ToListAsync(cancellationToken))
            .Select(e => new SubjectAccessReport.AccessItem(e.At, e.UserName, EnumText.For(e.Action), e.Detail))
            .ToList();

        var now = clock.GetUtcNow().UtcDateTime;
        var report = new SubjectAccessReport(now, actor.DisplayName, persons,
            contactRows.Select(c => new SubjectAccessReport.ContactItem(c.Id, c.OccurredAt, c.Company, c.Unit, EnumText.For(c.Channel), c.Topic,
                c.Summary, EnumText.For(c.Status), c.CaseWorker, c.CaseReference)).ToList(),
            surveyRows.Select(s => new SubjectAccessReport.SurveyItem(s.Id, s.CreatedAt, EnumText.For(s.Channel), s.Recipient, EnumText.For(s.Status),
                s.AnsweredAt, s.Response?.Satisfaction, s.Response?.Recommendation, s.Response?.Comment, s.Response?.MayContact)).ToList(),
            messages, meetings, followUps, access);
        AccessLog.Add(db, actor, now, AccessAction.Export, nameof(ContactPerson), personId,
            string.Format(Messages.SubjectAccessExported, format, report.Total));
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    public async Task<ReportFile?> JsonAsync(int personId, Actor actor, CancellationToken cancellationToken = default) =>
        await GatherAsync(personId, actor, "JSON", cancellationToken) is { } report
            ? new ReportFile(CompanyReports.FileName("indsigt", report.Persons[0].Name).Replace(".pdf", ".json", StringComparison.Ordinal),
                JsonSerializer.SerializeToUtf8Bytes(report, Json))
            : null;

    public async Task<ReportFile?> PdfAsync(int personId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await GatherAsync(personId, actor, "PDF", cancellationToken) is not { } r)
        {
            return null;
        }
        static string T(DateTime? utc) => DanishTime.DateTimeText(utc);
        var name = r.Persons[0].Name;
        using var doc = new ReportDocument($"Indsigt: {name}", reports.Branding(), r.MadeAt);
        doc.Heading($"Oplysninger om {name}");
        doc.Paragraph(string.Format(Messages.SubjectAccessLead, T(r.MadeAt), r.MadeBy, r.Total), muted: true);

        doc.Heading("Stamdata", 2);
        foreach (var p in r.Persons)
        {
            doc.KeyValues([("Navn", p.Name), ("Stilling", p.Title), ("E-mail", p.Email), ("Mobil", p.Mobile),
                ("Virksomhed", $"{p.Company} (CVR {p.Cvr})"), ("Frabedt målinger", p.SurveyOptOut ? "Ja" : "Nej"),
                ("Oprettet", $"{T(p.CreatedAt)} af {p.CreatedBy}"), ("Sidst ændret", $"{T(p.UpdatedAt)} af {p.UpdatedBy}")]);
            doc.Spacer(6);
        }
        doc.Heading($"Henvendelser ({r.Contacts.Count})", 2);
        doc.Table([new("Tidspunkt", 1.2), new("Enhed", 1.2), new("Kanal"), new("Emne"), new("Resumé", 2.5), new("Status")],
            r.Contacts.Select(c => (IReadOnlyList<string?>)[T(c.OccurredAt), c.Unit, c.Channel, c.Topic, c.Summary, c.Status]),
            empty: "Ingen henvendelser.");
        doc.Heading($"Målinger ({r.Surveys.Count})", 2);
        doc.Table([new("Sendt", 1.2), new("Til", 1.5), new("Status"), new("Tilfredshed", 0.8, true), new("Anbefaling", 0.8, true), new("Kommentar", 2.5)],
            r.Surveys.Select(s => (IReadOnlyList<string?>)[T(s.CreatedAt), s.Recipient, s.Status, s.Satisfaction?.ToString(), s.Recommendation?.ToString(), s.Comment]),
            empty: "Ingen målinger.");
        doc.Heading($"Beskeder ({r.Messages.Count})", 2);
        doc.Table([new("Oprettet", 1.2), new("Slags", 1.2), new("Til", 1.5), new("Emne og tekst", 3.5), new("Status")],
            r.Messages.Select(m => (IReadOnlyList<string?>)[T(m.CreatedAt), m.Kind, m.Recipient, $"{m.Subject}\n{m.Body}".Trim(), m.Status]),
            empty: "Ingen beskeder.");
        doc.Heading($"Dialogmøder ({r.Meetings.Count})", 2);
        doc.Table([new("Tidspunkt", 1.2), new("Virksomhed", 1.5), new("Formål", 1.5), new("Referat og beslutninger", 3), new("Status")],
            r.Meetings.Select(m => (IReadOnlyList<string?>)[T(m.StartsAt), m.Company, m.Purpose, $"{m.Summary}\n{m.Decisions}".Trim(), m.Status]),
            empty: "Ingen dialogmøder.");
        doc.Heading($"Opfølgninger ({r.FollowUps.Count})", 2);
        doc.Table([new("Oprettet", 1.2), new("Titel", 2), new("Beskrivelse", 3), new("Status")],
            r.FollowUps.Select(f => (IReadOnlyList<string?>)[T(f.CreatedAt), f.Title, f.Description, f.Status]),
            empty: "Ingen opfølgninger.");
        doc.Heading($"Hvem har set eller ændret oplysningerne ({r.AccessLog.Count})", 2);
        doc.Table([new("Tidspunkt", 1.2), new("Bruger", 1.5), new("Handling"), new("Detaljer", 3)],
            r.AccessLog.Select(a => (IReadOnlyList<string?>)[T(a.At), a.User, a.Action, a.Detail]),
            empty: "Ingen registrerede opslag.");
        return new ReportFile(CompanyReports.FileName("indsigt", name), doc.ToPdf());
    }
}
