using System.Security.Cryptography;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Support;

/// <summary>Writes history straight into the database: closed contacts and, when a score is given, an answered survey for each.</summary>
public static class HistoryData
{
    public static async Task<int> AddContactAsync(this TestDatabase database, int companyId, int unitId, DateTime occurred, string topic,
        int? score = null, string? comment = null, string? summary = null, int? handlingDays = null, int? timeTaken = null)
    {
        await using var db = database.CreateContext();
        var contact = new Contact
        {
            CompanyId = companyId, UnitId = unitId, OccurredAt = occurred, Topic = topic, Status = ContactStatus.Closed, ClosedAt = occurred,
            Summary = summary ?? $"{topic} behandlet", CreatedAt = occurred, UpdatedAt = occurred,
        };
        if (handlingDays is { } days)
        {
            // Decided the day it occurred, received that many days before.
            contact.CaseDecidedOn = DateOnly.FromDateTime(Erhvervsdialog.Core.Common.DanishTime.ToLocal(occurred));
            contact.CaseReceivedOn = contact.CaseDecidedOn.Value.AddDays(-days);
        }
        db.Contacts.Add(contact);
        if (score is { } s)
        {
            var version = await db.SurveyTemplateVersions.OrderBy(v => v.Id).Include(v => v.Questions).FirstAsync();
            var invitation = new SurveyInvitation
            {
                Contact = contact, CompanyId = companyId, UnitId = unitId, TemplateVersionId = version.Id, Channel = SurveyChannel.Email,
                Recipient = "x@example.dk", TokenNonce = RandomNumberGenerator.GetBytes(16), TokenHash = RandomNumberGenerator.GetBytes(32),
                Status = InvitationStatus.Answered, CreatedAt = occurred, SentAt = occurred, ExpiresAt = occurred.AddDays(14), AnsweredAt = occurred.AddHours(2),
            };
            db.SurveyResponses.Add(new SurveyResponse
            {
                Invitation = invitation, TemplateVersionId = version.Id, SubmittedAt = occurred.AddHours(2), UnitId = unitId, CompanyId = companyId,
                Topic = topic, ContactOccurredAt = occurred, Satisfaction = s, LowestScore = Math.Min(s, timeTaken ?? s), Recommendation = s * 2,
                Comment = comment,
                // The answer to the "time taken" question (1–5, case handling), when one is given.
                Answers = timeTaken is { } t
                    ? [new SurveyAnswer { QuestionId = version.Questions.First(q => q.Kind == QuestionKind.Scale5 && q.Category == QuestionCategory.CaseHandling).Id, Number = t }]
                    : [],
            });
        }
        await db.SaveChangesAsync();
        return contact.Id;
    }
}
