using System.Text;
using Erhvervsdialog.Core.Common;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Erhvervsdialog.Core.Meetings;

/// <summary>
/// iCalendar (RFC 5545) for dialogue meetings: invitations and updates (METHOD:REQUEST, the same UID with a higher
/// SEQUENCE), cancellations (METHOD:CANCEL), and a user's subscribed feed (METHOD:PUBLISH). Times are written in
/// Europe/Copenhagen with its VTIMEZONE, so calendars show the wall-clock time on both sides of a daylight-saving change.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar";
    public const string FileName = "invitation.ics";
    private const string ProductId = "-//Erhvervsdialog//Dialogmøder//DA";

    public sealed record Organizer(string Name, string Email);

    public static string Invitation(DialogueMeeting meeting, string companyName, Organizer organizer, DateTime nowUtc, bool cancel = false)
    {
        var calendar = NewCalendar(cancel ? CalendarMethods.Cancel : CalendarMethods.Request);
        calendar.Events.Add(Event(meeting, companyName, organizer, nowUtc, cancel));
        return Serialize(calendar);
    }

    /// <summary>A feed of meetings (planned, held and cancelled ones) for a calendar subscription.</summary>
    public static string Feed(IEnumerable<(DialogueMeeting Meeting, string CompanyName)> meetings, Organizer organizer, DateTime nowUtc)
    {
        var calendar = NewCalendar(CalendarMethods.Publish);
        calendar.AddProperty("X-WR-CALNAME", "Dialogmøder");
        foreach (var (meeting, companyName) in meetings)
        {
            calendar.Events.Add(Event(meeting, companyName, organizer, nowUtc, meeting.Status == MeetingStatus.Cancelled));
        }
        return Serialize(calendar);
    }

    public static string Title(string companyName) => $"Dialogmøde: {companyName}";

    private static Calendar NewCalendar(string method)
    {
        var calendar = new Calendar { Method = method, ProductId = ProductId };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(DanishTime.Zone.Id, new DateTime(2020, 1, 1), includeHistoricalData: false));
        return calendar;
    }

    private static CalendarEvent Event(DialogueMeeting meeting, string companyName, Organizer organizer, DateTime nowUtc, bool cancelled)
    {
        var description = new StringBuilder();
        if (meeting.Purpose is not null)
        {
            description.AppendLine(meeting.Purpose);
        }
        if (meeting.Agenda.Count > 0)
        {
            description.AppendLine().AppendLine("Dagsorden:");
            for (var i = 0; i < meeting.Agenda.Count; i++)
            {
                description.AppendLine($"{i + 1}. {meeting.Agenda[i]}");
            }
        }
        if (meeting.OnlineLink is not null)
        {
            description.AppendLine().AppendLine($"Online: {meeting.OnlineLink}");
        }
        var calendarEvent = new CalendarEvent
        {
            Uid = meeting.CalendarUid.ToString(),
            Sequence = meeting.Sequence,
            DtStamp = new CalDateTime(nowUtc),
            DtStart = Local(meeting.StartsAt),
            DtEnd = Local(meeting.EndsAt),
            Summary = Title(companyName),
            Location = meeting.Place ?? meeting.OnlineLink,
            Description = description.ToString().Trim(),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Ical.Net.DataTypes.Organizer($"mailto:{organizer.Email}") { CommonName = organizer.Name },
        };
        if (meeting.OnlineLink is not null)
        {
            calendarEvent.Url = new Uri(meeting.OnlineLink);
        }
        foreach (var participant in meeting.Participants.Where(p => p.Email is not null))
        {
            calendarEvent.Attendees.Add(new Attendee($"mailto:{participant.Email}")
            {
                CommonName = participant.Name,
                Role = ParticipationRole.RequiredParticipant,
                ParticipationStatus = EventParticipationStatus.NeedsAction,
                Rsvp = false,
            });
        }
        return calendarEvent;
    }

    /// <summary>The stored UTC instant as Danish wall-clock time with TZID=Europe/Copenhagen.</summary>
    private static CalDateTime Local(DateTime utc) =>
        new(DateTime.SpecifyKind(DanishTime.ToLocal(utc), DateTimeKind.Unspecified), DanishTime.Zone.Id);

    private static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar) ?? "";
}
