using System.Text.Json;
using System.Threading.RateLimiting;
using Erhvervsdialog.Core.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Erhvervsdialog.Web.Api;

/// <summary>The response to a reported contact.</summary>
public sealed record ContactIntakeResponse(int Id, string ExternalId, bool Created);

/// <summary>
/// POST /api/v1/contacts: the units' case systems report contacts here, authenticated with an API key per system
/// (<see cref="ApiKeyAuthentication"/>), each for its own units. Every error under /api/ is an RFC 7807 problem (with the
/// JSON field names), never a redirect.
/// </summary>
public static class ContactsApi
{
    public const string RateLimitPolicy = "api-key";
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void AddContactsApi(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Erhvervsdialog:Api:RequestsPerMinute", 600);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireClaim(ApiKeyAuthentication.ClientIdClaim));
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<ApiKeySecurityScheme>();
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                await Problem(429, "For mange forespørgsler", "Der er sendt for mange forespørgsler på kort tid. Vent et minut, og prøv igen.")
                    .ExecuteAsync(context.HttpContext);
            };
            // One bucket per authenticated key (authorization has run), so one noisy case system cannot starve the others
            // and nobody can spend another system's quota by sending its public prefix.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirst(ApiKeyAuthentication.ClientIdClaim)?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    public static void MapContactsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(ApiKeyAuthentication.Policy).RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery();
        api.MapPost("/contacts", PostContactAsync)
            .WithName("PostContact")
            .WithSummary("Report a contact between a company and a unit (idempotent on externalId per API key)")
            // The content type is checked in the handler (a 415 problem), so the request body is described here.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ContactIntakeRequest), null, cancellationToken) },
                },
            })
            .Produces<ContactIntakeResponse>(StatusCodes.Status201Created)
            .Produces<ContactIntakeResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoints.MapMethods("/api/v1/contacts", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], (HttpContext http) =>
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            return Problem(405, "Metoden er ikke tilladt", "Henvendelser indberettes med POST.");
        }).AllowAnonymous().ExcludeFromDescription();
        // Anything else under /api/ is a 404 problem, not the app's sign-in page or its HTML "not found".
        endpoints.Map("/api/{**rest}", () => Problem(404, "Findes ikke", "Der er ingen sådan adresse i API'et. Se /api/openapi/v1.json."))
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> PostContactAsync(HttpContext http, IntakeContact intake, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            return Problem(415, "Forkert indholdstype", "Send henvendelsen som JSON (Content-Type: application/json).");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }
        // Also for a chunked body, whose length is not known in advance: reading past the limit fails.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        ContactIntakeRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ContactIntakeRequest>(request.Body, Json, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
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

        var result = await intake.HandleAsync(ApiKeyAuthentication.Client(http), body, cancellationToken);
        if (result.Forbidden)
        {
            return Problem(403, "Enheden er ikke nøglens", result.Errors.Values.First());
        }
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

    private static ProblemHttpResult TooLarge() => Problem(413, "For stor forespørgsel", $"En henvendelse må højst fylde {MaxBodyBytes / 1024} KB.");

    /// <summary>An RFC 7807 problem with a Danish title and detail.</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>Declares the X-Api-Key scheme in the OpenAPI document, required by every operation.</summary>
internal sealed class ApiKeySecurityScheme : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "The case system's key from Administration → API-nøgler (or Authorization: Bearer <key>).",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
