namespace Erhvervsdialog.Core.Auditing;

/// <summary>The administrative acts, sign-ins and changes to sign-in the audit log records.</summary>
public enum AuditAction
{
    UserCreated = 0,
    UserChanged = 1,
    RolesChanged = 2,
    UserDeactivated = 3,
    UserReactivated = 4,
    ApiKeyCreated = 5,
    ApiKeyRevoked = 6,
    MessageSentAgain = 7,
    MessageMarkedReceived = 8,
    CompaniesImported = 9,
    RetentionApplied = 10,
    AccessLogRead = 11,
    SignedIn = 12,
    SignInFailed = 13,
    SignInRefused = 14,
    SignedOut = 15,
    PasswordChanged = 16,
    TwoFactorEnabled = 17,
    TwoFactorDisabled = 18,
    TwoFactorReset = 19,
    RecoveryCodesCreated = 20,
    RecoveryCodeUsed = 21,
    TwoFactorFailed = 22,
    SessionsEnded = 23,
    BackupMade = 24,
    SurveysResumed = 25,
}

/// <summary>One administrative act: who, when, what, and before/after where it matters. Kept five years by default.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>What it was done to, in words: "Bruger Lærke Nielsen (laerke)", "API-nøgle ESDH Byg".</summary>
    public string Subject { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}
