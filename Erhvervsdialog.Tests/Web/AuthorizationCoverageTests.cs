using System.Globalization;
using System.Text.RegularExpressions;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web;

/// <summary>
/// Every routable page and every mapped endpoint of the real app names a policy from Core's table
/// (<see cref="Policies"/>), or is on the explicit list of what may be opened without signing in.
/// </summary>
// In the collection of every test that starts the app: Hangfire keeps one process-wide logger, which must not
// belong to an app another test has already disposed.
[Collection(BrowserCollection.Name)]
public class AuthorizationCoverageTests : IAsyncLifetime
{
    /// <summary>What anyone may open, with the reason it is public.</summary>
    private static readonly Dictionary<string, string> Anonymous = new()
    {
        ["/log-ind"] = "sign-in",
        ["/foerste-start"] = "first run, only while there are no users",
        ["/log-ud"] = "sign-out",
        ["/log-ind/tofaktor"] = "the second step of sign-in, for the user Identity's two-factor cookie names",
        ["/log-ind/sso"] = "starts single sign-on at the identity provider",
        ["/log-ind/sso/retur"] = "single sign-on's return, for the user the external cookie names",
        ["/konto/aktiv"] = "an open page's activity ping; renews only a valid cookie, answers 401 otherwise",
        ["/s/{Token}"] = "the public survey page, by its secret token",
        ["/kalender/{file}"] = "the private calendar feed, by its secret token",
        ["/health"] = "health check for the proxy",
        ["/ikke-fundet"] = "not found",
        ["/fejl"] = "error page",
        ["/api/openapi/{documentName}.json"] = "the intake API's description",
        ["/api/{**rest}"] = "the intake API's 404 problem for any other address",
        ["GET,PUT,PATCH,DELETE /api/v1/contacts"] = "the intake API's 405 problem for any method but POST",
        ["POST /api/sms/gatewayapi"] = "the SMS gateway's webhook, verified by its signed JWT (SmsWebhookTests)",
    };

    /// <summary>The machine-to-machine endpoints: authorized by a case system's API key, not a person's role.</summary>
    private static readonly Dictionary<string, string> ByApiKey = new()
    {
        ["/api/v1/contacts"] = ApiKeyAuthentication.Policy,
    };

    /// <summary>
    /// Blazor's own endpoints (the circuit hub and its scripts, guarded by the pages that open a circuit) and the static
    /// web assets' development fallback for files.
    /// </summary>
    private static readonly string[] Framework = ["_blazor", "_framework/", "{**path:file}"];

    private readonly AppFactory _app = new();

    public Task InitializeAsync()
    {
        _app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        _app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Where(e => !Framework.Any(f => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith(f, StringComparison.Ordinal)))
            .ToList();

    [Fact]
    public void EveryPageAndEndpoint_NamesAPolicyFromTheTable_OrIsListedAsPublic()
    {
        var endpoints = Endpoints();
        var missing = new List<string>();
        var seenAnonymous = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
                var withMethods = methods is null ? route : $"{string.Join(",", methods)} {route}";
                if (Anonymous.ContainsKey(route) || Anonymous.ContainsKey(withMethods))
                {
                    seenAnonymous.Add(Anonymous.ContainsKey(route) ? route : withMethods);
                }
                else
                {
                    missing.Add($"{route}: public, but not on the list of public pages");
                }
                continue;
            }
            if (ByApiKey.TryGetValue(route, out var apiPolicy))
            {
                if (authorize.Count == 0 || authorize.Any(a => a.Policy != apiPolicy))
                {
                    missing.Add($"{route}: not authorized by an API key");
                }
                continue;
            }
            if (authorize.Count == 0 || authorize.Any(a => a.Policy is null || !Policies.Table.ContainsKey(a.Policy) || a.Roles is not null))
            {
                missing.Add($"{route}: no policy from Policies.Table ({string.Join(", ", authorize.Select(a => a.Policy ?? a.Roles ?? "[Authorize]"))})");
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.Equal(Anonymous.Keys.Order(StringComparer.Ordinal), seenAnonymous.Order(StringComparer.Ordinal));
        // The app's own pages are really in the list (the enumeration did not come back empty).
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/administration/adgangslog");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/virksomheder/{Id:int}");
        Assert.True(endpoints.Count > 30, $"Only {endpoints.Count} endpoints found.");
    }

    [Fact]
    public void EveryPolicy_AdmitsItsEveryRecordRoles_AndNamesARuleWhenItHasOne()
    {
        foreach (var (name, rule) in Policies.Table)
        {
            Assert.All(rule.EveryRecord, role => Assert.Contains(role, rule.Roles));
            Assert.All(rule.Roles, role => Assert.Contains(role, Roles.All));
            // A policy that holds for only some records of some roles must say which.
            Assert.True(rule.Roles.Count == rule.EveryRecord.Count || rule.RecordRule is not null, name);
        }
    }

    /// <summary>
    /// Every routable page and GET endpoint, opened over HTTP by a signed-in user of every role, with route values that name
    /// real records (a company, contact, meeting and report of a unit the user is not in): the server lets exactly the
    /// roles of the endpoint's policy through, and sends the others to "Ingen adgang". What a page then shows of a record
    /// (the record rules: comments, other units' contacts, meetings) is tested per use case in Core.
    /// </summary>
    [Fact]
    public async Task EveryPageAndEndpoint_ForEveryRole_AnswersAsThePolicyTableSays()
    {
        var admin = await _app.CreateUserAsync("admin", Roles.Administrator, "administratorens kodeord");
        var ids = await SeedRecordsAsync(admin);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All)
        {
            var userName = $"bruger-{Roles.All.ToList().IndexOf(role)}";
            await _app.CreateUserAsync(userName, role, "en lang nok adgangskode");
            clients[role] = await _app.SignedInClientAsync(userName, "en lang nok adgangskode");
        }

        var wrong = new List<string>();
        var checkedRoutes = 0;
        foreach (var endpoint in Endpoints())
        {
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p is not null && Policies.Table.ContainsKey(p));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (policy is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || (methods is not null && !methods.Contains("GET")))
            {
                continue;
            }
            var path = Path(endpoint.RoutePattern.RawText!, ids);
            checkedRoutes++;
            foreach (var (role, client) in clients)
            {
                using var response = await client.GetAsync(path).WaitAsync(TimeSpan.FromSeconds(30));
                var location = response.Headers.Location?.OriginalString ?? "";
                var refused = location.Contains("ingen-adgang", StringComparison.Ordinal) || location.Contains("log-ind", StringComparison.Ordinal)
                    || response.StatusCode == System.Net.HttpStatusCode.Forbidden;
                var allowed = Policies.Table[policy].Roles.Contains(role);
                if (refused == allowed || (allowed && (int)response.StatusCode >= 500))
                {
                    wrong.Add($"{path} ({policy}) as {role}: {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.True(checkedRoutes > 25, $"Only {checkedRoutes} routes were checked.");
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>A company, a contact of the Jobcenter unit (no test user is in it), a meeting and a stored report.</summary>
    private async Task<Dictionary<string, int>> SeedRecordsAsync(Erhvervsdialog.Core.Common.Actor admin)
    {
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Erhvervsdialog.Core.Data.ErhvervsdialogDbContext>>()
            .CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var unit = new Erhvervsdialog.Core.Units.MunicipalUnit { Name = "Jobcenter", ShortName = "JOB" };
        var company = new Erhvervsdialog.Core.Companies.Company { Cvr = "24256790", Name = "Øresund Byg ApS" };
        db.AddRange(unit, company);
        await db.SaveChangesAsync(admin, now);
        var contact = new Erhvervsdialog.Core.Contacts.Contact { CompanyId = company.Id, UnitId = unit.Id, OccurredAt = now.AddDays(-1), Topic = "rekruttering" };
        var meeting = new Erhvervsdialog.Core.Meetings.DialogueMeeting { CompanyId = company.Id, StartsAt = now.AddDays(3), EndsAt = now.AddDays(3).AddHours(1) };
        var report = new Erhvervsdialog.Core.Reports.StoredReport
        {
            Title = "Servicerapport", Status = Erhvervsdialog.Core.Reports.ReportStatus.Done, FileName = "r.pdf", Content = [1], CreatedAt = now,
        };
        db.AddRange(contact, meeting, report);
        await db.SaveChangesAsync(admin, now);
        return new() { ["virksomheder"] = company.Id, ["henvendelser"] = contact.Id, ["dialogmoeder"] = meeting.Id, ["rapporter"] = report.Id };
    }

    /// <summary>The route with each parameter set to a real record's id (by the route's first segment), or emptied.</summary>
    private static string Path(string route, Dictionary<string, int> ids)
    {
        var segments = route.Trim('/').Split('/');
        var id = ids.GetValueOrDefault(segments[0], 1);
        var parts = segments.Select(s => Regex.Replace(s, @"\{\*\*[^}]*\}", ""))
            .Select(s => Regex.Replace(s, @"\{[^}]*\}", id.ToString(CultureInfo.InvariantCulture)));
        var path = ("/" + string.Join('/', parts)).TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }
}
