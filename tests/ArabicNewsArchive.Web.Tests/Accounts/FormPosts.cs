using System.Net;
using System.Text.RegularExpressions;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>What a browser does with the sign-in and sign-out forms: fetch the page, send its antiforgery token back.</summary>
internal static partial class FormPosts
{
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var input = TokenInput().Match(html);
        Assert.True(input.Success, $"{page} holds no antiforgery token");
        return WebUtility.HtmlDecode(TokenValue().Match(input.Value).Groups[1].Value);
    }

    /// <summary>Posts the sign-in form of /login (as the page renders it) and answers the response, not followed.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string page = "/login")
    {
        var token = await AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex TokenValue();
}
