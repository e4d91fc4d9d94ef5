using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>The shipped default questionnaire, in Danish, about the service and the dialogue in this contact.</summary>
public static class DefaultSurvey
{
    public static async Task EnsureAsync(ErhvervsdialogDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.SurveyTemplates.AnyAsync(t => t.UnitId == null, cancellationToken))
        {
            return;
        }
        db.SurveyTemplates.Add(new SurveyTemplate
        {
            Name = "Standard: service og dialog",
            Versions =
            [
                new SurveyTemplateVersion
                {
                    Number = 1,
                    CreatedAt = now,
                    CreatedByName = "Erhvervsdialog",
                    Questions =
                    [
                        Q(1, QuestionKind.Scale5, "Hvor tilfreds er du samlet set med kommunens service i denne sag?", QuestionCategory.Service, true),
                        Q(2, QuestionKind.Scale5, "Hvor tilfreds er du med dialogen og vejledningen undervejs?", QuestionCategory.InformationAndDialogue, true),
                        Q(3, QuestionKind.Scale5, "Hvor tilfreds er du med den tid, det tog?", QuestionCategory.CaseHandling, false),
                        Q(4, QuestionKind.YesNo, "Fik du svar på det, du henvendte dig om?", QuestionCategory.InformationAndDialogue, false),
                        Q(5, QuestionKind.Recommendation, "Hvor sandsynligt er det, at du vil anbefale kommunens service til en anden virksomhed?", QuestionCategory.Service, false),
                        Q(6, QuestionKind.Text, "Hvad kunne vi have gjort bedre?", QuestionCategory.None, false),
                    ],
                },
            ],
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static SurveyQuestion Q(int order, QuestionKind kind, string text, QuestionCategory category, bool required) =>
        new() { Order = order, Kind = kind, Text = text, Category = category, Required = required };
}
