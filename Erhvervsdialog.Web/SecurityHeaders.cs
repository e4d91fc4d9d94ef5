using Microsoft.Net.Http.Headers;

namespace Erhvervsdialog.Web;

/// <summary>
/// The headers every response carries: a Content-Security-Policy that Blazor Server and MudBlazor run under (no
/// unsafe-eval; inline styles only, which MudBlazor sets on elements), no framing, no sniffing, no referrer (the survey
/// page's address carries its token), no browser features, and no caching of anything but the fingerprinted static files.
/// </summary>
internal static class SecurityHeaders
{
    public static readonly HeaderPolicyCollection Policy = new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyNoReferrer()
        .AddCrossOriginOpenerPolicy(policy => policy.SameOrigin())
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            csp.AddStyleSrc().Self().UnsafeInline();
            csp.AddImgSrc().Self().Data();
            csp.AddFontSrc().Self().Data();
            csp.AddConnectSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        })
        .AddPermissionsPolicy(permissions =>
        {
            permissions.AddCamera().None();
            permissions.AddMicrophone().None();
            permissions.AddGeolocation().None();
            permissions.AddPayment().None();
            permissions.AddUsb().None();
        })
        .RemoveServerHeader();

    /// <summary>
    /// Pages, PDFs, exports and the survey page carry personal data: nothing is stored by a browser or proxy. Static files
    /// set their own Cache-Control (MapStaticAssets) and keep it.
    /// </summary>
    public static async Task NoStoreUnlessCached(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                context.Response.Headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next(context);
    }
}
