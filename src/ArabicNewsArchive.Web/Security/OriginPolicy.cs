namespace ArabicNewsArchive.Web.Security;

/// <summary>
/// Refuses (403) a circuit (<c>/_blazor</c>: negotiate and WebSocket upgrade) or a write (any method but GET and
/// HEAD) sent from a page of another origin. Browsers always send <c>Origin</c> with those; a request without it
/// (curl, scripts) is not a victim's browser and passes. Cross-origin reads pass too: the API is public, and without
/// CORS headers the other page cannot read the answer anyway.
/// </summary>
public static class OriginPolicy
{
    public static IApplicationBuilder UseOriginPolicy(this IApplicationBuilder app)
    {
        var origins = app.ApplicationServices.GetRequiredService<ArchiveOrigins>();
        return app.Use((http, next) =>
        {
            var request = http.Request;
            var origin = request.Headers.Origin.ToString();
            if (origin.Length == 0
                || !(request.Path.StartsWithSegments("/_blazor") || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
                || origins.IsAllowed(origin, request.Host))
            {
                return next(http);
            }

            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused",
                detail: "Only pages of this archive's own origins may open a circuit or write (Archive:AllowedOrigins, docs/security.md).")
                .ExecuteAsync(http);
        });
    }
}
