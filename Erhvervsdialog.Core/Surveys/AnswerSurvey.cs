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
        var state = StateOf(invitation);
        var questions = state == SurveyLinkState.Open
            ? await db.SurveyQuestions.AsNoTracking().Where(q => q.VersionId == invitation.TemplateVersionId).OrderBy(q => q.Order).ToListAsync(cancellationToken)
            : [];
        return new SurveyForm(state, municipalityName, unitName, invitation.Contact!.OccurredAt, questions, optedOut)
        {
            AccessibilityStatementUrl = municipality.Value.AccessibilityStatementUrl,
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
        if (invitation is null || StateOf(invitation) != SurveyLinkState.Open)
        {
            return new AnswerResult(invitation is null ? SurveyLinkState.Unknown : StateOf(invitation), new Dictionary<string, string>());
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
        var contact = invitation.Contact!;
        var scores = answers.Where(a => questions.First(q => q.Id == a.QuestionId).Kind == QuestionKind.Scale5).Select(a => a.Number!.Value).ToList();
        var response = new SurveyResponse
        {
            InvitationId = invitation.Id,
            TemplateVersionId = invitation.TemplateVersionId,
            SubmittedAt = now,
            UnitId = invitation.UnitId,
            CompanyId = invitation.CompanyId,
            Topic = contact.Topic,
            ContactChannel = contact.Channel,
            ContactOccurredAt = contact.OccurredAt,
            Satisfaction = scores.Count > 0 ? scores[0] : null,
            LowestScore = scores.Count > 0 ? scores.Min() : null,
            Recommendation = answers.FirstOrDefault(a => questions.First(q => q.Id == a.QuestionId).Kind == QuestionKind.Recommendation)?.Number,
            Comment = answers.FirstOrDefault(a => a.Text is not null)?.Text,
            MayContact = mayContact,
            SubmittedBy = signedInUser,
            Answers = answers,
        };
        db.SurveyResponses.Add(response);
        invitation.Status = InvitationStatus.Answered;
        invitation.AnsweredAt = now;
        // The reminder is cancelled in the same save as the answer: both happen, or neither.
        var reminders = await db.Messages.Where(m => m.SurveyInvitationId == invitation.Id && m.Kind == MessageKind.SurveyReminder
            && m.Status == MessageStatus.Scheduled).ToListAsync(cancellationToken);
        reminders.ForEach(m => m.Status = MessageStatus.Cancelled);

        FollowUp? followUp = null;
        var low = response.LowestScore is { } lowest && lowest <= options.Value.LowScoreThreshold;
        if (low || mayContact)
        {
            var companyName = await db.Companies.Where(c => c.Id == invitation.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
            var unitName = await db.Units.Where(u => u.Id == invitation.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
            var managers = await FollowUpNotices.UnitManagersAsync(db, invitation.UnitId);
            var input = new NewFollowUp
            {
                Title = low ? string.Format(Messages.FollowUpLowScoreTitle, response.LowestScore, companyName)
                    : string.Format(Messages.FollowUpCallBackTitle, companyName),
                Description = string.Format(Messages.FollowUpDescription, DanishTime.Date(contact.OccurredAt), unitName,
                    contact.Topic ?? "–", mayContact ? Messages.Yes : Messages.No),
                ContactId = contact.Id,
                UnitId = invitation.UnitId,
                OwnerId = managers.Select(m => m.UserId).FirstOrDefault(),
                DueDate = DanishTime.ToLocal(now.AddDays(options.Value.EscalateAfterDays)).Date,
                Priority = low ? FollowUpPriority.High : FollowUpPriority.Normal,
            };
            followUp = await ManageFollowUps.AddAsync(db, input, low ? FollowUpSource.LowScore : FollowUpSource.CallBackRequest, null, "",
                errors, now, cancellationToken)
                ?? throw new InvalidOperationException($"The follow-up for survey answer {invitation.Id} is invalid: {string.Join("; ", errors.Values)}");
            followUp.SurveyResponse = response;
        }
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

    /// <summary>"Vi ønsker ikke flere målinger": one click, for the whole company.</summary>
    public async Task<bool> OptOutAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindAsync(db, token, cancellationToken);
        if (invitation is null)
        {
            return false;
        }
        await db.Companies.Where(c => c.Id == invitation.CompanyId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SurveyOptOut, true), cancellationToken);
        await db.Messages.Where(m => m.SurveyInvitationId == invitation.Id && m.Status == MessageStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Cancelled), cancellationToken);
        return true;
    }

    private SurveyLinkState StateOf(SurveyInvitation invitation) => invitation.Status switch
    {
        InvitationStatus.Answered => SurveyLinkState.Answered,
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
