using System.Globalization;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Surveys;

public enum SurveyLinkState
{
    Open,
    Answered,
    Expired,
    Unknown,
}

/// <summary>What the public answer page may show: the municipality, the unit and the date of the contact, nothing personal.</summary>
public sealed record SurveyForm(SurveyLinkState State, string Municipality, string? UnitName, DateTime? ContactDate,
    IReadOnlyList<SurveyQuestion> Questions, bool OptedOut)
{
    /// <summary>The answers already given by SMS reply, by question id, as the form posts them; the rest may follow.</summary>
    public IReadOnlyDictionary<int, string> AnsweredBySms { get; init; } = new Dictionary<int, string>();

    /// <summary>The municipality's accessibility statement, linked at the foot of the page.</summary>
    public string? AccessibilityStatementUrl { get; init; }
}

public sealed record AnswerResult(SurveyLinkState State, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => State == SurveyLinkState.Answered && Errors.Count == 0;
}

/// <summary>
/// The public answer page's logic (/s/{token}): no account, one answer per invitation, every value checked on the
/// server. A low score or a call-back request becomes a follow-up for the unit's managers, in the same transaction; the
/// follow-up links to the answer and does not copy its comment, which only <see cref="CommentAccess"/> readers see.
/// </summary>
public sealed class AnswerSurvey(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<SurveyOptions> options,
    IOptions<MunicipalityOptions> municipality, MessageScheduler scheduler, TimeProvider clock)
{
    public const int MaxTextLength = 2000;

    public async Task<SurveyForm> LoadAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindAsync(db, token, cancellationToken);
        var municipalityName = municipality.Value.Municipality;
        if (invitation is null)
        {
            return new SurveyForm(SurveyLinkState.Unknown, municipalityName, null, null, [], false)
            {
                AccessibilityStatementUrl = municipality.Value.AccessibilityStatementUrl,
            };
        }
        var unitName = await db.Units.Where(u => u.Id == invitation.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
        var optedOut = await db.Companies.Where(c => c.Id == invitation.CompanyId).Select(c => c.SurveyOptOut).FirstAsync(cancellationToken);
        var bySms = await SmsReplyAsync(db, invitation, cancellationToken);
        var state = StateOf(invitation, bySms);
        var questions = state == SurveyLinkState.Open
            ? await db.SurveyQuestions.AsNoTracking().Where(q => q.VersionId == invitation.TemplateVersionId).OrderBy(q => q.Order).ToListAsync(cancellationToken)
            : [];
        return new SurveyForm(state, municipalityName, unitName, invitation.Contact!.OccurredAt, questions, optedOut)
        {
            AccessibilityStatementUrl = municipality.Value.AccessibilityStatementUrl,
            AnsweredBySms = bySms?.Answers.ToDictionary(a => a.QuestionId, a =>
                a.Number?.ToString(CultureInfo.InvariantCulture) ?? (a.YesNo is { } yes ? (yes ? "ja" : "nej") : a.Text ?? "")) ?? [],
        };
    }

    /// <summary>
    /// Saves the answer. <paramref name="signedInUser"/> is whoever is signed in to Erhvervsdialog in the browser that
    /// submits (normally nobody: the company answers); it is stored with the answer, so an answer given by an employee
    /// through a link is never mistaken for the company's.
    /// </summary>
    public async Task<AnswerResult> SubmitAsync(string? token, IReadOnlyDictionary<int, string?> values, bool mayContact,
        string? signedInUser = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindAsync(db, token, cancellationToken);
        var bySms = invitation is null ? null : await SmsReplyAsync(db, invitation, cancellationToken);
        if (invitation is null || StateOf(invitation, bySms) != SurveyLinkState.Open)
        {
            return new AnswerResult(invitation is null ? SurveyLinkState.Unknown : StateOf(invitation, bySms), new Dictionary<string, string>());
        }
        var questions = await db.SurveyQuestions.AsNoTracking().Where(q => q.VersionId == invitation.TemplateVersionId)
            .OrderBy(q => q.Order).ToListAsync(cancellationToken);
        var errors = new Errors();
        var answers = new List<SurveyAnswer>();
        foreach (var question in questions)
        {
            var raw = Validators.Trimmed(values.GetValueOrDefault(question.Id));
            var field = $"q{question.Id}";
            if (raw is null)
            {
                if (question.Required)
                {
                    errors.Add(field, question.Kind == QuestionKind.Text ? Messages.AnswerTextRequired : Messages.AnswerRequired);
                }
                continue;
            }
            var answer = new SurveyAnswer { QuestionId = question.Id };
            switch (question.Kind)
            {
                case QuestionKind.Scale5 or QuestionKind.Recommendation:
                    var max = question.Kind == QuestionKind.Scale5 ? 5 : 10;
                    var min = question.Kind == QuestionKind.Scale5 ? 1 : 0;
                    if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
                    {
                        answer.Number = number;
                    }
                    else
                    {
                        errors.Add(field, string.Format(Messages.AnswerOutOfRange, min, max));
                    }
                    break;
                case QuestionKind.YesNo:
                    if (raw is "ja" or "nej")
                    {
                        answer.YesNo = raw == "ja";
                    }
                    else
                    {
                        errors.Add(field, Messages.AnswerRequired);
                    }
                    break;
                default:
                    if (raw.Length > MaxTextLength)
                    {
                        errors.Add(field, string.Format(Messages.AnswerTooLong, MaxTextLength));
                    }
                    else if (Validators.HasControlCharacters(raw))
                    {
                        errors.Add(field, Messages.ControlCharacters);
                    }
                    answer.Text = raw;
                    break;
            }
            answers.Add(answer);
        }
        if (errors.Count > 0)
        {
            return new AnswerResult(SurveyLinkState.Open, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var followUp = await RecordAsync(db, invitation, bySms, questions, answers, mayContact, signedInUser, bySmsReply: false, options.Value, now,
            cancellationToken);
        try
        {
            await db.SaveChangesAsync(new Actor("survey", "Måling", new HashSet<string>()), now, cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return new AnswerResult(SurveyLinkState.Answered, new Dictionary<string, string>()); // Answered twice at once.
        }
        followUp?.Messages.ForEach(scheduler.Schedule);
        return new AnswerResult(SurveyLinkState.Answered, new Dictionary<string, string>());
    }

    /// <summary>
    /// Writes an answer, from the page or by SMS reply, into <paramref name="db"/> without saving: the response (or the
    /// SMS reply's response completed by the page), the invitation answered, its reminder cancelled, and for a low score
    /// or a call-back request a follow-up for the unit's managers, unless the answer already has one. Both happen, or
    /// neither, with the caller's save.
    /// </summary>
    internal static async Task<FollowUp?> RecordAsync(ErhvervsdialogDbContext db, SurveyInvitation invitation, SurveyResponse? existing,
        IReadOnlyList<SurveyQuestion> questions, List<SurveyAnswer> answers, bool mayContact, string? signedInUser, bool bySmsReply,
        SurveyOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var contact = invitation.Contact!;
        var scores = questions.Where(q => q.Kind == QuestionKind.Scale5)
            .SelectMany(q => answers.Where(a => a.QuestionId == q.Id && a.Number is not null)).Select(a => a.Number!.Value).ToList();
        var response = existing ?? new SurveyResponse
        {
            InvitationId = invitation.Id,
            TemplateVersionId = invitation.TemplateVersionId,
            UnitId = invitation.UnitId,
            CompanyId = invitation.CompanyId,
            Topic = contact.Topic,
            ContactChannel = contact.Channel,
            ContactOccurredAt = contact.OccurredAt,
        };
        if (existing is null)
        {
            db.SurveyResponses.Add(response);
        }
        else
        {
            db.RemoveRange(existing.Answers);
            existing.Answers.Clear();
        }
        response.SubmittedAt = now;
        response.Satisfaction = scores.Count > 0 ? scores[0] : null;
        response.LowestScore = scores.Count > 0 ? scores.Min() : null;
        response.Recommendation = answers.FirstOrDefault(a => questions.First(q => q.Id == a.QuestionId).Kind == QuestionKind.Recommendation)?.Number;
        response.Comment = answers.FirstOrDefault(a => a.Text is not null)?.Text;
        response.MayContact = mayContact || (existing?.MayContact ?? false);
        response.SubmittedBy = signedInUser;
        response.PartialBySms = bySmsReply;
        response.Answers.AddRange(answers);
        invitation.Status = InvitationStatus.Answered;
        invitation.AnsweredAt ??= now;
        // The reminder is cancelled in the same save as the answer: both happen, or neither.
        var reminders = await db.Messages.Where(m => m.SurveyInvitationId == invitation.Id && m.Kind == MessageKind.SurveyReminder
            && m.Status == MessageStatus.Scheduled).ToListAsync(cancellationToken);
        reminders.ForEach(m => m.Status = MessageStatus.Cancelled);

        var low = response.LowestScore is { } lowest && lowest <= options.LowScoreThreshold;
        if (!(low || response.MayContact)
            || (existing is not null && await db.FollowUps.AnyAsync(f => f.SurveyResponseId == existing.Id, cancellationToken)))
        {
            return null;
        }
        var companyName = await db.Companies.Where(c => c.Id == invitation.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
        var unitName = await db.Units.Where(u => u.Id == invitation.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
        var managers = await FollowUpNotices.UnitManagersAsync(db, invitation.UnitId);
        var input = new NewFollowUp
        {
            Title = low ? string.Format(Messages.FollowUpLowScoreTitle, response.LowestScore, companyName)
                : string.Format(Messages.FollowUpCallBackTitle, companyName),
            Description = string.Format(Messages.FollowUpDescription, DanishTime.Date(contact.OccurredAt), unitName,
                contact.Topic ?? "–", response.MayContact ? Messages.Yes : Messages.No),
            ContactId = contact.Id,
            UnitId = invitation.UnitId,
            OwnerId = managers.Select(m => m.UserId).FirstOrDefault(),
            DueDate = DanishTime.ToLocal(now.AddDays(options.EscalateAfterDays)).Date,
            Priority = low ? FollowUpPriority.High : FollowUpPriority.Normal,
        };
        var errors = new Errors();
        var followUp = await ManageFollowUps.AddAsync(db, input, low ? FollowUpSource.LowScore : FollowUpSource.CallBackRequest, null, "",
            errors, now, cancellationToken)
            ?? throw new InvalidOperationException($"The follow-up for survey answer {invitation.Id} is invalid: {string.Join("; ", errors.Values)}");
        followUp.SurveyResponse = response;
        return followUp;
    }

    /// <summary>"Vi ønsker ikke flere målinger": one click, for the whole company.</summary>
    public async Task<bool> OptOutAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindAsync(db, token, cancellationToken);
        if (invitation is null)
        {
            return false;
        }
        await OptOutAsync(db, invitation, cancellationToken);
        return true;
    }

    /// <summary>
    /// The company is asked no more (from the page, or "STOP" by SMS), and its waiting survey messages are cancelled.
    /// Written at once, inside the caller's transaction if it has one.
    /// </summary>
    internal static async Task OptOutAsync(ErhvervsdialogDbContext db, SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        await db.Companies.Where(c => c.Id == invitation.CompanyId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SurveyOptOut, true), cancellationToken);
        await db.Messages.Where(m => m.Status == MessageStatus.Scheduled
                && db.SurveyInvitations.Any(i => i.Id == m.SurveyInvitationId && i.CompanyId == invitation.CompanyId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Cancelled), cancellationToken);
    }

    /// <summary>The answer given by SMS reply that the page may complete, if any.</summary>
    private static Task<SurveyResponse?> SmsReplyAsync(ErhvervsdialogDbContext db, SurveyInvitation invitation, CancellationToken cancellationToken) =>
        invitation.Status != InvitationStatus.Answered ? Task.FromResult<SurveyResponse?>(null)
            : db.SurveyResponses.Include(r => r.Answers).FirstOrDefaultAsync(r => r.InvitationId == invitation.Id && r.PartialBySms, cancellationToken);

    /// <summary>An answer by SMS reply leaves the link open for the rest of the questions until it expires.</summary>
    private SurveyLinkState StateOf(SurveyInvitation invitation, SurveyResponse? bySms) => invitation.Status switch
    {
        InvitationStatus.Answered when bySms is null => SurveyLinkState.Answered,
        InvitationStatus.Expired => SurveyLinkState.Expired,
        _ when invitation.ExpiresAt < clock.GetUtcNow().UtcDateTime => SurveyLinkState.Expired,
        _ => SurveyLinkState.Open,
    };

    private static async Task<SurveyInvitation?> FindAsync(ErhvervsdialogDbContext db, string? token, CancellationToken cancellationToken)
    {
        if (token is null || token.Length is < 40 or > 64 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }
        var hash = SurveyTokens.Hash(token);
        return await db.SurveyInvitations.Include(i => i.Contact).FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
    }
}
