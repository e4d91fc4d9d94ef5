using System.Globalization;

namespace Erhvervsdialog.Core.Common;

/// <summary>Times are stored in UTC and shown in Danish local time (Europe/Copenhagen, with daylight saving).</summary>
public static class DanishTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>da-DK with dates written dd-MM-yyyy, as the municipality writes them.</summary>
    public static readonly CultureInfo Culture = CreateCulture();

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static string Date(DateTime? utc) => utc is { } v ? ToLocal(v).ToString("dd-MM-yyyy", Culture) : "";

    /// <summary>A month as Danes abbreviate it everywhere in the app and its reports: "dec. 2026", "maj 2026".</summary>
    public static string Month(DateTime month) => month.ToString("MMM yyyy", Culture);

    public static string DateTimeText(DateTime? utc) => utc is { } v ? ToLocal(v).ToString("dd-MM-yyyy HH:mm", Culture) : "";

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("da-DK").Clone();
        culture.DateTimeFormat.DateSeparator = "-";
        culture.DateTimeFormat.ShortDatePattern = "dd-MM-yyyy";
        culture.DateTimeFormat.TimeSeparator = ":";
        culture.DateTimeFormat.ShortTimePattern = "HH:mm";
        culture.DateTimeFormat.LongTimePattern = "HH:mm:ss";
        return CultureInfo.ReadOnly(culture);
    }
}
