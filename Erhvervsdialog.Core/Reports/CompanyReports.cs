using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Reports;

public sealed record ReportFile(string FileName, byte[] Content)
{
    public const string ContentType = "application/pdf";
}

/// <summary>
/// The company dossier (virksomhedsprofil) and the meeting papers (briefing and minutes) as PDFs. Every signed-in user
/// may read a company and its meetings, so every signed-in user may print them; each print is written to the access log.
/// </summary>
public sealed class CompanyReports(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MeetingBriefing briefing,
    IOptions<MunicipalityOptions> municipality, IOptions<ReportOptions> reports, TimeProvider clock)
{
    public const int DossierAnswers = 50;

    public ReportBranding Branding()
    {
        byte[]? logo = null;
        if (reports.Value.LogoPath is { Length: > 0 } path && File.Exists(path))
        {
            logo = File.ReadAllBytes(path);
        }
        return new ReportBranding(municipality.Value.Municipality, logo);
    }

    public async Task<ReportFile?> DossierAsync(int companyId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            return null;
        }
        var history = await CompanyHistory.LoadAsync(db, actor, companyId, null, null, null, cancellationToken, DossierAnswers);
        var now = clock.GetUtcNow().UtcDateTime;
        AccessLog.Add(db, actor, now, AccessAction.Export, "Company", companyId, $"Virksomhedsprofil (PDF): {history.Company.Name}");
        await db.SaveChangesAsync(cancellationToken);

        using var doc = new ReportDocument($"Virksomhedsprofil: {history.Company.Name}", Branding(), now);
        doc.Heading(history.Company.Name);
        doc.Paragraph($"Virksomhedsprofil udskrevet {DanishTime.DateTimeText(now)} af {actor.DisplayName}.", muted: true);
        CompanySections(doc, history, contactsTitle: "Henvendelser på tværs af enheder", meetingsTitle: "Dialogmøder og beslutninger");
        return new ReportFile(FileName("virksomhedsprofil", history.Company.Name), doc.ToPdf());
    }

    public async Task<ReportFile?> BriefingAsync(int meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        var view = await briefing.GetAsync(meetingId, actor, cancellationToken);
        if (view is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        using var doc = new ReportDocument($"Mødeforberedelse: {view.Company.Name}", Branding(), now);
        MeetingHeader(doc, view, "Mødeforberedelse");
        doc.Heading("Formål og dagsorden", 2);
        doc.Paragraph(view.Meeting.Purpose ?? "Intet formål er skrevet.", muted: view.Meeting.Purpose is null);
        for (var i = 0; i < view.Meeting.Agenda.Count; i++)
        {
            doc.Paragraph($"{i + 1}. {view.Meeting.Agenda[i]}");
        }
        var history = new CompanyHistory(view.Company, view.KeyAccountConsultantName, view.Contacts, view.ContactsPerUnit, view.OpenFollowUps,
            view.Answers, view.EarlierMeetings);
        CompanySections(doc, history, contactsTitle: $"Henvendelser de seneste {MeetingBriefing.ContactMonths} måneder", meetingsTitle: "Tidligere dialogmøder");
        return new ReportFile(FileName("moedeforberedelse", view.Company.Name), doc.ToPdf());
    }

    public async Task<ReportFile?> MinutesAsync(int meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        var view = await briefing.GetAsync(meetingId, actor, cancellationToken);
        return view is null ? null : Minutes(view, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The minutes as a PDF: what we heard, what was decided, and who does what by when.</summary>
    public ReportFile Minutes(MeetingView view, DateTime now)
    {
        using var doc = new ReportDocument($"Referat: {view.Company.Name}", Branding(), now);
        MeetingHeader(doc, view, "Referat");
        doc.Heading("Det hørte vi", 2);
        doc.Paragraph(view.Meeting.Summary ?? "Der er ikke skrevet referat.", muted: view.Meeting.Summary is null);
        doc.Heading("Det blev besluttet", 2);
        doc.Paragraph(view.Meeting.Decisions ?? "Ingen beslutninger.", muted: view.Meeting.Decisions is null);
        doc.Heading("Det gør vi", 2);
        doc.Table([new ReportColumn("Opfølgning", 3), new ReportColumn("Ansvarlig", 1.5), new ReportColumn("Enhed", 1.3), new ReportColumn("Frist", 1)],
            view.FollowUpsFromMeeting.Select(f => (IReadOnlyList<string?>)[f.Title, f.OwnerName, f.UnitName, DanishTime.Date(f.DueAt)]),
            empty: "Ingen opfølgninger.");
        return new ReportFile(FileName("referat", view.Company.Name), doc.ToPdf());
    }

    private static void MeetingHeader(ReportDocument doc, MeetingView view, string kind)
    {
        doc.Heading($"{kind}: dialogmøde med {view.Company.Name}");
        doc.KeyValues(
        [
            ("Tid", MeetingNotices.When(view.Meeting)),
            ("Sted", view.Meeting.Place ?? view.Meeting.OnlineLink),
            ("Status", EnumText.For(view.Meeting.Status)),
            ("Fra kommunen", string.Join(", ", view.Participants.Where(p => !p.FromCompany).Select(p => p.Name))),
            ("Fra virksomheden", string.Join(", ", view.Participants.Where(p => p.FromCompany).Select(p => p.Name))),
        ]);
    }

    /// <summary>The company's picture: the same sections in the dossier and the briefing.</summary>
    private static void CompanySections(ReportDocument doc, CompanyHistory history, string contactsTitle, string meetingsTitle)
    {
        var company = history.Company;
        doc.Heading("Stamdata", 2);
        doc.KeyValues(
        [
            ("CVR-nummer", company.Cvr),
            ("Adresse", string.Join(", ", new[] { company.Address, $"{company.PostalCode} {company.City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)))),
            ("Branche", $"{company.IndustryCode} {company.IndustryText}".Trim()),
            ("Ansatte", EnumText.For(company.EmployeeBand)),
            ("Telefon", Validators.FormatPhone(company.Phone)),
            ("E-mail", company.Email),
            ("Hjemmeside", company.Website),
            ("Nøglekonsulent", history.KeyAccountConsultantName),
            ("Tags", company.Tags.Count == 0 ? null : string.Join(", ", company.Tags)),
            ("P-enheder", company.ProductionUnits.Count == 0 ? null : string.Join("\n", company.ProductionUnits.Select(p => $"{p.PNumber} {p.Name} {p.Address}".Trim()))),
        ]);
        doc.Heading("Kontaktpersoner", 2);
        doc.Table([new ReportColumn("Navn", 1.6), new ReportColumn("Titel", 1.2), new ReportColumn("E-mail", 1.8), new ReportColumn("Mobil", 1.1)],
            company.ContactPersons.Select(p => (IReadOnlyList<string?>)[p.Name, p.Title, p.Email, Validators.FormatPhone(p.Mobile)]),
            empty: "Ingen kontaktpersoner.");

        doc.Heading(contactsTitle, 2);
        if (history.ContactsPerUnit.Count > 0)
        {
            doc.Paragraph(string.Join(" · ", history.ContactsPerUnit.Select(u => $"{u.UnitName}: {u.Contacts}")), muted: true);
        }
        doc.Table([new ReportColumn("Dato", 0.9), new ReportColumn("Enhed", 1.3), new ReportColumn("Emne", 1.3), new ReportColumn("Status", 0.8),
                new ReportColumn("Resumé", 2.8)],
            history.Contacts.Select(c => (IReadOnlyList<string?>)[DanishTime.Date(c.OccurredAt), c.UnitName, c.Topic,
                EnumText.For(c.Status), c.Summary]),
            empty: "Ingen henvendelser.");

        doc.Heading("Åbne opfølgninger", 2);
        doc.Table([new ReportColumn("Opfølgning", 2.6), new ReportColumn("Enhed", 1.3), new ReportColumn("Ansvarlig", 1.3), new ReportColumn("Frist", 0.9)],
            history.OpenFollowUps.Select(f => (IReadOnlyList<string?>)[f.Description is null ? f.Title : $"{f.Title}\n{f.Description}", f.UnitName, f.OwnerName, DanishTime.Date(f.DueAt)]),
            empty: "Ingen åbne opfølgninger.");

        doc.Heading("Målinger og kommentarer", 2);
        doc.Table([new ReportColumn("Dato", 0.9), new ReportColumn("Enhed", 1.3), new ReportColumn("Tilfreds", 0.7, Right: true),
                new ReportColumn("Anbefaling", 0.8, Right: true), new ReportColumn("Kommentar", 3)],
            history.Answers.Select(a => (IReadOnlyList<string?>)[DanishTime.Date(a.SubmittedAt), a.UnitName,
                a.Satisfaction is { } s ? $"{s}/5" : "–", a.Recommendation is { } r ? $"{r}/10" : "–", a.Comment]),
            empty: "Virksomheden har ikke besvaret nogen målinger.");

        doc.Heading(meetingsTitle, 2);
        doc.Table([new ReportColumn("Dato", 0.9), new ReportColumn("Status", 0.8), new ReportColumn("Formål", 1.8), new ReportColumn("Beslutninger", 3)],
            history.Meetings.Select(m => (IReadOnlyList<string?>)[DanishTime.Date(m.StartsAt), EnumText.For(m.Status), m.Purpose, m.Decisions]),
            empty: "Ingen dialogmøder.");
    }

    /// <summary>"virksomhedsprofil-oresund-byg-aps.pdf": ASCII, so every browser and mail client keeps the name.</summary>
    public static string FileName(string kind, string name)
    {
        var slug = new string(name.ToLowerInvariant().Replace("æ", "ae").Replace("ø", "oe").Replace("å", "aa")
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        slug = slug.Trim('-');
        return $"{kind}-{(slug.Length > 60 ? slug[..60] : slug)}.pdf";
    }
}
