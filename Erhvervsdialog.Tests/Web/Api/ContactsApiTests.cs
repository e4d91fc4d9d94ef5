using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web.Api;

/// <summary>The intake API on the real app over a loopback socket.</summary>
[Collection(BrowserCollection.Name)]
public class ContactsApiTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(new() { ["Erhvervsdialog:Api:RequestsPerMinute"] = "30" });
    private HttpClient _http = default!;
    private Actor _admin = default!;
    private string _key = default!;
    private int _byg;

    public async Task InitializeAsync()
    {
        _app.Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        _admin = await _app.CreateUserAsync("admin", Roles.Administrator, "administratorens kodeord");
        await using var db = await Db().CreateDbContextAsync();
        var byg = new MunicipalUnit { Name = "Byggeri", ShortName = "BYG", Topics = ["byggetilladelse"] };
        db.Units.AddRange(byg, new MunicipalUnit { Name = "Jobcenter", ShortName = "JOB" });
        db.Companies.Add(new Company { Cvr = "24256790", Name = "Øresund Byg ApS" });
        await db.SaveChangesAsync(_admin, DateTime.UtcNow);
        _byg = byg.Id;
        _key = await KeyAsync("ESDH Byg");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A new key for Byggeri only.</summary>
    private async Task<string> KeyAsync(string name, bool mayCreateCompanies = false)
    {
        var (result, key) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync(name, mayCreateCompanies, [_byg], _admin);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return key!;
    }

    private IDbContextFactory<ErhvervsdialogDbContext> Db() =>
        _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();

    private static object Body(string externalId = "SAG-1", string cvr = "24256790", string status = "åben",
        string summary = "Byggetilladelse til carport") => new
        {
            externalId, cvr, unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            topic = "byggetilladelse", caseReference = "2026-1234", summary, status,
        };

    private async Task<HttpResponseMessage> PostAsync(object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts") { Content = JsonContent.Create(body) };
        if ((key ?? _key) is { Length: > 0 } value)
        {
            request.Headers.Add("X-Api-Key", value);
        }
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Post_NoKey_401Problem()
    {
        var response = await PostAsync(Body(), key: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Mangler API-nøgle", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Post_RevokedOrForgedKey_401AndNothingSaved()
    {
        var keys = _app.Services.GetRequiredService<ApiKeys>();
        var (created, key) = await keys.CreateAsync("Gammelt system", false, [_byg], _admin);
        await keys.RevokeAsync(created.Id, _admin);

        var revoked = await PostAsync(Body(), key);
        var forged = await PostAsync(Body(), _key[..^1] + (_key[^1] == 'a' ? 'b' : 'a'));

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Post_SameExternalIdTwice_UpdatesNeverDuplicates_AndClosingSetsClosedAt()
    {
        var first = await PostAsync(Body());
        var second = await PostAsync(Body(status: "afsluttet", summary: "Tilladelse givet"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetInt32(), b.GetProperty("id").GetInt32());
        Assert.False(b.GetProperty("created").GetBoolean());
        await using var db = await Db().CreateDbContextAsync();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal("Tilladelse givet", contact.Summary);
        Assert.Equal(ContactStatus.Closed, contact.Status);
        Assert.NotNull(contact.ClosedAt);
        Assert.Equal(new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc), contact.OccurredAt);
        Assert.Equal("API: ESDH Byg", contact.CreatedByName);
    }

    [Fact]
    public async Task Post_ClosedOnADay_ClosesAtFourInTheAfternoon_AsTheFormDoes()
    {
        var response = await PostAsync(new
        {
            externalId = "SAG-2", cvr = "24256790", unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            status = "afsluttet", closedAt = "2026-11-20",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal(new DateTime(2026, 11, 20, 15, 0, 0, DateTimeKind.Utc), contact.ClosedAt);
        Assert.Equal(contact.ClosedAt, Erhvervsdialog.Core.Contacts.ContactWriter.ClosingTime(new DateOnly(2026, 11, 20), contact.OccurredAt));
    }

    [Fact]
    public async Task Post_CaseDates_SavedForHandlingTime_BadOnesNamedByTheirField()
    {
        var bad = await PostAsync(new
        {
            externalId = "SAG-4", cvr = "24256790", unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            caseReceived = "20-11-2026",
        });
        var backwards = await PostAsync(new
        {
            externalId = "SAG-4", cvr = "24256790", unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            caseReceived = "2026-11-10", caseDecided = "2026-11-02",
        });
        var good = await PostAsync(new
        {
            externalId = "SAG-4", cvr = "24256790", unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            caseReceived = "2026-11-02", caseDecided = "2026-11-20",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("Skriv datoen som åååå-mm-dd, fx 2026-11-26.", (await ProblemAsync(bad)).GetProperty("errors").GetProperty("caseReceived")[0].GetString());
        Assert.Equal("Sagen kan ikke være afgjort, før den blev modtaget.",
            (await ProblemAsync(backwards)).GetProperty("errors").GetProperty("caseDecided")[0].GetString());
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal((new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 20)), (contact.CaseReceivedOn, contact.CaseDecidedOn));
    }

    [Fact]
    public async Task Post_ContactPersonEmailTooLong_SameRuleAsTheForm_NothingSaved()
    {
        var response = await PostAsync(new
        {
            externalId = "SAG-3", cvr = "24256790", unit = "byg", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            contactPerson = new { name = "Lærke Østergård", email = new string('a', 250) + "@x.dk" },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Højst 254 tegn.", errors.GetProperty("contactPerson.email")[0].GetString());
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.ContactPersons.CountAsync());
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Post_BadFields_422WithEveryFieldNamed_AndNothingSaved()
    {
        var response = await PostAsync(new
        {
            externalId = "", cvr = "24256791", unit = "XYZ", occurredAt = "26-11-2026", channel = "fax", status = "måske",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.Equal("Skal udfyldes.", errors.GetProperty("externalId")[0].GetString());
        Assert.StartsWith("CVR-nummeret skal være 8 cifre", errors.GetProperty("cvr")[0].GetString());
        Assert.Equal("Ukendt enhed: XYZ.", errors.GetProperty("unit")[0].GetString());
        Assert.StartsWith("Ugyldigt tidspunkt", errors.GetProperty("occurredAt")[0].GetString());
        Assert.StartsWith("Ukendt kanal: fax", errors.GetProperty("channel")[0].GetString());
        Assert.StartsWith("Ukendt status: måske", errors.GetProperty("status")[0].GetString());
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Post_MalformedJson_400NamesWhere()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts")
        {
            Content = new StringContent("{\"externalId\": \"x\", \"surveyAllowed\": \"måske\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", _key);

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("surveyAllowed", out _));
    }

    [Fact]
    public async Task Post_UnknownCvr_422_ButCreatesCompanyWhenKeyAllows()
    {
        var refused = await PostAsync(Body(externalId: "SAG-2", cvr: "54562519"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("Ingen virksomhed med CVR-nummer 54562519",
            (await ProblemAsync(refused)).GetProperty("errors").GetProperty("cvr")[0].GetString());

        var creatingKey = await KeyAsync("Jobcenter", mayCreateCompanies: true);
        var withoutName = await PostAsync(Body(externalId: "SAG-2", cvr: "54562519"), creatingKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutName.StatusCode);
        Assert.True((await ProblemAsync(withoutName)).GetProperty("errors").TryGetProperty("companyName", out _));

        var created = await PostAsync(new
        {
            externalId = "SAG-2", cvr = "54562519", companyName = "Hornbæk Hotel A/S", unit = "BYG",
            occurredAt = "2026-11-20T10:30:00Z", channel = "møde",
        }, creatingKey);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        var company = await db.Companies.SingleAsync(c => c.Cvr == "54562519");
        Assert.Equal("Hornbæk Hotel A/S", company.Name);
        Assert.Equal(company.Id, (await db.Contacts.SingleAsync()).CompanyId);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoint_ItsKeyAndEveryStatus()
    {
        var json = await _http.GetStringAsync("/api/openapi/v1.json");

        var document = JsonDocument.Parse(json).RootElement;
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/contacts", out var path));
        Assert.True(path.TryGetProperty("post", out var post));
        Assert.Contains("externalId", json);
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var responses = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();
        Assert.Equal(["200", "201", "400", "401", "403", "413", "415", "422", "429"], responses);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task Post_ForAUnitTheKeyIsNotFor_403Problem_AndNothingSaved()
    {
        var response = await PostAsync(new
        {
            externalId = "SAG-9", cvr = "24256790", unit = "job", occurredAt = "2026-11-20T10:30:00+01:00", channel = "telefon",
            contactPerson = new { name = "Spam Modtager", mobile = "+45 20 00 00 00" },
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Nøglen må ikke indberette henvendelser for enheden JOB.", (await ProblemAsync(response)).GetProperty("detail").GetString());
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
        Assert.Equal(0, await db.ContactPersons.CountAsync());
    }

    [Fact]
    public async Task Api_AnswersProblemsNeverARedirect_ForAWrongMethodTypeOrPath()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        using var text = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts") { Content = new StringContent("externalId=1") };
        text.Headers.Add("X-Api-Key", _key);
        using var textNoKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts") { Content = new StringContent("externalId=1") };

        var get = await http.GetAsync("/api/v1/contacts");
        var wrongType = await http.SendAsync(text);
        var wrongTypeNoKey = await http.SendAsync(textNoKey);
        var unknown = await http.GetAsync("/api/v2/virksomheder");

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "POST"), (get.StatusCode, get.Content.Headers.Allow.Single()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongTypeNoKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { get, wrongType, wrongTypeNoKey, unknown })
        {
            Assert.Null(response.Headers.Location);
            Assert.False(string.IsNullOrEmpty((await ProblemAsync(response)).GetProperty("title").GetString()));
        }
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_413Problem()
    {
        var big = JsonSerializer.SerializeToUtf8Bytes(Body(summary: new string('x', 70 * 1024)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts") { Content = new ChunkedContent(big) };
        request.Headers.Add("X-Api-Key", _key);

        var response = await _http.SendAsync(request);

        Assert.True(request.Headers.TransferEncodingChunked ?? request.Content.Headers.ContentLength is null, "The body was sent chunked.");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("For stor forespørgsel", (await ProblemAsync(response)).GetProperty("title").GetString());
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Post_DataNoPersonTypes_IsRefusedNotStored()
    {
        var now = TimeProvider.System.GetUtcNow();
        var tooEarly = await PostAsync(new { externalId = "A", cvr = "24256790", unit = "BYG", occurredAt = "1999-12-31T10:00:00Z", channel = "telefon" });
        var ahead = await PostAsync(new { externalId = "B", cvr = "24256790", unit = "BYG", occurredAt = now.AddDays(2).ToString("O"), channel = "telefon" });
        var control = await PostAsync(new
        {
            externalId = "C", cvr = "24256790", unit = "BYG", occurredAt = "2026-11-20T10:30:00Z", channel = "telefon",
            summary = "Ring\u0000 tilbage\u001b[2J", topic = "byg\u202Egnidlab",
        });
        var signed = await PostAsync(Body(externalId: "D", cvr: "-24256790"));

        Assert.Equal("Tidspunktet ligger før år 2000.", (await ErrorsAsync(tooEarly)).GetProperty("occurredAt")[0].GetString());
        Assert.Equal("Tidspunktet ligger i fremtiden.", (await ErrorsAsync(ahead)).GetProperty("occurredAt")[0].GetString());
        var controlErrors = await ErrorsAsync(control);
        Assert.StartsWith("Teksten indeholder usynlige styretegn", controlErrors.GetProperty("summary")[0].GetString());
        Assert.StartsWith("Teksten indeholder usynlige styretegn", controlErrors.GetProperty("topic")[0].GetString());
        Assert.StartsWith("CVR-nummeret skal være 8 cifre", (await ErrorsAsync(signed)).GetProperty("cvr")[0].GetString());
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await ProblemAsync(response)).GetProperty("errors");
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked (no Content-Length).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Post_OverTheRateLimit_429ForThatKeyOnly()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            statuses.Add((await PostAsync(Body(externalId: $"R-{i}"))).StatusCode);
        }
        var otherKey = await KeyAsync("Andet system");
        var other = await PostAsync(Body(externalId: "R-other"), otherKey);

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task Post_ForgedKeysWithAnotherKeysPrefix_DoNotSpendItsQuota()
    {
        var forged = _key[..^4] + "zzzz";
        for (var i = 0; i < 35; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Body(externalId: $"F-{i}"), forged)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body(externalId: "F-real"))).StatusCode);
    }
}
