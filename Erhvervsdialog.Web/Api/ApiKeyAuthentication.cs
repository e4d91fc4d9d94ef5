using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Erhvervsdialog.Core.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Web.Api;

/// <summary>
/// Signs in the intake API's callers by their key (header X-Api-Key, or Authorization: Bearer), so that authorization
/// and rate limiting see the case system, never a cookie; refusals are problem details, never a redirect.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    /// <summary>The authorization policy of the API's endpoints: a valid, unrevoked key.</summary>
    public const string Policy = "ApiClient";
    public const string ClientIdClaim = "api_client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }
        var client = await keys.AuthenticateAsync(key, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        Context.Items[typeof(ApiClient)] = client;
        var identity = new ClaimsIdentity(
            [new Claim(ClientIdClaim, client.Id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, client.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ReadKey(Request) is null
            ? ContactsApi.Problem(401, "Mangler API-nøgle", "Send nøglen i headeren X-Api-Key eller som Authorization: Bearer <nøgle>.").ExecuteAsync(Context)
            : ContactsApi.Problem(401, "Ugyldig API-nøgle", "Nøglen er ukendt eller tilbagekaldt.").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ContactsApi.Problem(403, "Ingen adgang", "Nøglen må ikke det, der blev forsøgt.").ExecuteAsync(Context);

    /// <summary>The authenticated case system of this request.</summary>
    public static ApiClient Client(HttpContext context) => (ApiClient)context.Items[typeof(ApiClient)]!;

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
