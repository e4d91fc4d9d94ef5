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
        ["/s/{Token}"] = "the public survey page, by its secret token",
        ["/kalender/{file}"] = "the private calendar feed, by its secret token",
        ["/health"] = "health check for the proxy",
        ["/ikke-fundet"] = "not found",
        ["/fejl"] = "error page",
        ["/api/openapi/{documentName}.json"] = "the intake API's description",
        ["/api/{**rest}"] = "the intake API's 404 problem for any other address",
        ["GET,PUT,PATCH,DELETE /api/v1/contacts"] = "the intake API's 405 problem for any method but POST",
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

    public Task InitializeAsync() => Task.CompletedTask;

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
}
