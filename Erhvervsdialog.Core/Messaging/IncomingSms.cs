using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>What became of an incoming SMS.</summary>
public enum ReplyOutcome
{
    /// <summary>Not understood as an answer or STOP: kept for staff to read in the Udbakke.</summary>
    KeptForStaff = 0,
    /// <summary>Recorded as the answer to the survey's first question.</summary>
    SurveyAnswer = 1,
    /// <summary>"STOP": the company is asked no more.</summary>
    OptedOut = 2,
    /// <summary>The same answer again from the same number: recorded once.</summary>
    Duplicate = 3,
}

/// <summary>
/// An SMS a company sent us (a reply to a survey SMS), as the gateway's webhook delivered it. The gateway's id is unique,
/// so a webhook the gateway delivers twice is stored once. The feature the reply belongs to interprets it
/// (<see cref="IMessageHook.OnReplyAsync"/>).
/// </summary>
public class IncomingSms
{
    public int Id { get; set; }
    public string Transport { get; set; } = "";
    /// <summary>The gateway's id for the incoming SMS.</summary>
    public string ProviderId { get; set; } = "";
    /// <summary>E.164, e.g. +4520123456.</summary>
    public string From { get; set; } = "";
    /// <summary>The text, without the gateway keyword.</summary>
    public string Text { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
    public ReplyOutcome Outcome { get; set; }
    /// <summary>A short Danish explanation for staff, e.g. which survey it answered or why it was not an answer.</summary>
    public string? Note { get; set; }
    public int? SurveyInvitationId { get; set; }
    public int? CompanyId { get; set; }
}

internal sealed class IncomingSmsConfiguration : IEntityTypeConfiguration<IncomingSms>
{
    public void Configure(EntityTypeBuilder<IncomingSms> builder)
    {
        builder.HasIndex(m => new { m.Transport, m.ProviderId }).IsUnique();
        builder.HasIndex(m => m.ReceivedAt);
        builder.HasIndex(m => m.From);
        builder.Property(m => m.Transport).HasMaxLength(50);
        builder.Property(m => m.ProviderId).HasMaxLength(100);
        builder.Property(m => m.From).HasMaxLength(32);
        builder.Property(m => m.Text).HasMaxLength(2000);
        builder.Property(m => m.Note).HasMaxLength(500);
    }
}
