namespace Erhvervsdialog.Core.Messaging;

/// <summary>Settings under Erhvervsdialog:Messaging. With no SMTP host or SMS gateway, messages go to the built-in outbox.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Erhvervsdialog:Messaging";

    public SmtpOptions Smtp { get; set; } = new();
    public SmsGatewayOptions Sms { get; set; } = new();
    public int MaxAttempts { get; set; } = 8;
    /// <summary>A message still "sending" after this long is marked for manual review, never resent by itself.</summary>
    public TimeSpan ReviewAfter { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "erhvervsdialog@kommune.dk";
    public string FromName { get; set; } = "Erhvervsdialog";
}

public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's base address; messages are POSTed to {BaseUrl}/messages.</summary>
    public string? BaseUrl { get; set; }
    public string? Token { get; set; }
    /// <summary>Sender name shown on the phone (max 11 characters).</summary>
    public string Sender { get; set; } = "Kommunen";
}
