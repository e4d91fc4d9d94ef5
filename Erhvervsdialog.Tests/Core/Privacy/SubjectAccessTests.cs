using System.Diagnostics;
using System.Text.Json;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Erhvervsdialog.Tests.Core.Privacy;

public class SubjectAccessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator, "Ada Administrator");
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task APersonWithAThousandRecords_IsFoundByNameEmailOrMobile_AndExportedAsJsonAndPdf_Audited_WithNobodyElsesData()
    {
        var unit = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, _admin)).Id;
        var first = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
        var second = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "54562519", Name = "Kronborg Kaffe" }, _admin)).Id;
        var save = _db.Get<SaveContactPerson>();
        var person = (await save.HandleAsync(new SaveContactPersonCommand { CompanyId = first, Name = "Søren Ærø", Email = "soren@oresund.dk", Mobile = "21 43 65 87" }, _admin)).Id;
        // The same man is contact at a second company, with the same e-mail address.
        await save.HandleAsync(new SaveContactPersonCommand { CompanyId = second, Name = "Søren Ærø", Email = "SOREN@oresund.dk" }, _admin);
        var other = (await save.HandleAsync(new SaveContactPersonCommand { CompanyId = first, Name = "Anne Andersen", Email = "anne@oresund.dk" }, _admin)).Id;
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        await using (var db = _db.CreateContext())
        {
            var version = await db.SurveyTemplateVersions.Select(v => v.Id).FirstAsync();
            for (var i = 0; i < 400; i++)
            {
                var contact = new Contact
                {
                    CompanyId = first, ContactPersonId = i % 40 == 0 ? other : person, UnitId = unit, OccurredAt = now.AddDays(-i),
                    Channel = ContactChannel.Phone, Summary = $"Samtale {i}", Status = ContactStatus.Closed, ClosedAt = now.AddDays(-i),
                };
                db.Contacts.Add(contact);
                if (i < 200)
                {
                    db.SurveyInvitations.Add(new SurveyInvitation
                    {
                        Contact = contact, CompanyId = first, UnitId = unit, TemplateVersionId = version, Channel = SurveyChannel.Email,
                        Recipient = i % 40 == 0 ? "anne@oresund.dk" : "soren@oresund.dk", TokenNonce = [1], TokenHash = BitConverter.GetBytes(i),
                        Status = InvitationStatus.Sent, CreatedAt = now.AddDays(-i),
                    });
                }
            }
            for (var i = 0; i < 300; i++)
            {
                db.Messages.Add(new Message
                {
                    Kind = MessageKind.SurveyInvitation, Channel = i % 2 == 0 ? MessageChannel.Email : MessageChannel.Sms,
                    Recipient = i % 2 == 0 ? "soren@oresund.dk" : "+4521436587", Body = $"Besked {i}", Status = MessageStatus.Sent, CreatedAt = now.AddDays(-i),
                });
            }
            for (var i = 0; i < 115; i++)
            {
                db.AccessLog.Add(new AccessLogEntry { At = now.AddHours(-i), UserId = "u", UserName = "Karl Sagsbehandler", Action = AccessAction.Read, EntityType = nameof(ContactPerson), EntityId = person.ToString() });
            }
            await db.SaveChangesAsync();
        }
        var access = _db.Get<SubjectAccess>();

        Assert.Equal([person], (await access.SearchAsync("ærø", _admin)).Where(m => m.CompanyName == "Øresund Byg ApS").Select(m => m.Id));
        Assert.Equal(2, (await access.SearchAsync("soren@oresund.dk", _admin)).Count);
        Assert.Equal(person, Assert.Single(await access.SearchAsync("+45 21 43 65 87", _admin)).Id);
        Assert.Empty(await access.SearchAsync("x", _admin));

        var clock = Stopwatch.StartNew();
        var json = (await access.JsonAsync(person, _admin))!;
        var jsonTime = clock.Elapsed;
        clock.Restart();
        var pdf = (await access.PdfAsync(person, _admin))!;
        var pdfTime = clock.Elapsed;
        output.WriteLine($"subject access, 1,000+ records: JSON {jsonTime.TotalMilliseconds:F0} ms ({json.Content.Length / 1024} kB), PDF {pdfTime.TotalMilliseconds:F0} ms ({pdf.Content.Length / 1024} kB)");

        using var parsed = JsonDocument.Parse(json.Content);
        var root = parsed.RootElement;
        Assert.Equal(2, root.GetProperty("persons").GetArrayLength());
        Assert.Equal(390, root.GetProperty("contacts").GetArrayLength());
        Assert.Equal(195, root.GetProperty("surveys").GetArrayLength());
        Assert.Equal(300, root.GetProperty("messages").GetArrayLength());
        Assert.True(root.GetProperty("accessLog").GetArrayLength() >= 115);
        Assert.True(root.GetProperty("persons").GetArrayLength() + 390 + 195 + 300 + root.GetProperty("accessLog").GetArrayLength() >= 1_000);
        Assert.DoesNotContain("anne@oresund.dk", System.Text.Encoding.UTF8.GetString(json.Content));
        Assert.Equal("indsigt-soeren-aeroe.json", json.FileName);

        var text = PdfRead.From(pdf.Content).Text;
        Assert.Contains("Oplysninger om Søren Ærø", text);
        Assert.Contains("Henvendelser (390)", text);
        Assert.Contains("Karl Sagsbehandler", text);
        PdfRead.Render(pdf.Content, "indsigt", pages: 1);

        await using var check = _db.CreateContext();
        var exports = await check.AccessLog.Where(e => e.Action == AccessAction.Export && e.EntityId == person.ToString()).Select(e => e.Detail).ToListAsync();
        Assert.Contains(exports, d => d!.StartsWith("Indsigt (JSON):", StringComparison.Ordinal));
        Assert.Contains(exports, d => d!.StartsWith("Indsigt (PDF):", StringComparison.Ordinal));
        Assert.True(jsonTime + pdfTime < TimeSpan.FromMinutes(1));
    }
}
