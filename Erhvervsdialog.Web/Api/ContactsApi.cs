using System.Text.Json;
using System.Threading.RateLimiting;
using Erhvervsdialog.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Erhvervsdialog.Web.Api;

/// <summary>The response to a reported contact.</summary>
public sealed record ContactIntakeResponse(int Id, string ExternalId, bool Created);

/// <summary>
/// POST /api/v1/contacts: the units' case systems report contacts here, authenticated with an API key per system
/// (header X-Api-Key, or Authorization: Bearer). Errors are RFC 7807 problem details with the JSON field names.
/// </summary>
public static class ContactsApi
{
    public const string RateLimitPolicy = "api-key";
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void AddContactsApi(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Erhvervsdialog:Api:RequestsPerMinute", 600);
        services.AddOpenApi("v1", options => options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                await TypedResults.Problem(statusCode: 429, title: "For mange forespørgsler",
                        detail: "Der er sendt for mange forespørgsler på kort tid. Vent et minut, og prøv igen.")
                    .ExecuteAsync(context.HttpContext);
            };
            // One bucket per key (its public prefix), so one noisy case system cannot starve the others.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                KeyPrefix(ReadKey(context.Request)) ?? context.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    public static void MapContactsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        var api = endpoints.MapGroup("/api/v1").AllowAnonymous().RequireRateLimiting(RateLimitPolicy).DisableAntiforgery();
        api.MapPost("/contacts", PostContactAsync)
            .WithName("PostContact")
            .WithSummary("Report a contact between a company and a unit (idempotent on externalId per API key)")
            .Accepts<ContactIntakeRequest>("application/json")
            .Produces<ContactIntakeResponse>(StatusCodes.Status201Created)
            .Produces<ContactIntakeResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> PostContactAsync(HttpRequest request, ApiKeys apiKeys, IntakeContact intake,
        CancellationToken cancellationToken)
    {
        var key = ReadKey(request);
        if (key is null)
        {
            return Problem(401, "Mangler API-nøgle", "Send nøglen i headeren X-Api-Key eller som Authorization: Bearer <nøgle>.");
        }
        var client = await apiKeys.AuthenticateAsync(key, cancellationToken);
        if (client is null)
        {
            return Problem(401, "Ugyldig API-nøgle", "Nøglen er ukendt eller tilbagekaldt.");
        }
        if (!request.HasJsonContentType())
        {
            return Problem(415, "Forkert indholdstype", "Send henvendelsen som JSON (Content-Type: application/json).");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(413, "For stor forespørgsel", $"En henvendelse må højst fylde {MaxBodyBytes / 1024} KB.");
        }
        ContactIntakeRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ContactIntakeRequest>(request.Body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = [$"Ugyldig JSON{(ex.LineNumber is { } line ? $" i linje {line + 1}" : "")}: forkert værdi eller syntaks."],
            }, title: "Henvendelsen kunne ikke læses");
        }
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Tom forespørgsel."] },
                title: "Henvendelsen kunne ikke læses");
        }

        var result = await intake.HandleAsync(client, body, cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(result.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Henvendelsen blev afvist",
                Detail = "Ret felterne i errors, og send henvendelsen igen. Intet er gemt.",
            });
        }
        var response = new ContactIntakeResponse(result.ContactId, body.ExternalId!.Trim(), result.Created);
        return result.Created
            ? TypedResults.Created($"/henvendelser/{result.ContactId}", response)
            : TypedResults.Ok(response);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static string? KeyPrefix(string? key) => key?.Split('_') is [_, { Length: 8 } prefix, ..] ? prefix : null;
}
