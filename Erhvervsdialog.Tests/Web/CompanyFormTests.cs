using Bunit;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Components.Pages.Companies;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web;

/// <summary>The company form on real SQLite: the server's Danish messages appear at the fields they concern.</summary>
public class CompanyFormTests : ComponentTestBase
{
    private int? _savedId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(await Db.CreateUserAsync("sagsbehandler", Roles.CaseWorker));
        RenderPopoverProvider();
    }

    private IRenderedComponent<CompanyForm> RenderForm(CompanyFormModel model) =>
        Ctx.Render<CompanyForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.Saved, EventCallback.Factory.Create<int>(this, id => _savedId = id)));

    private static string FieldError(IRenderedComponent<CompanyForm> form, string inputId) =>
        form.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    [Fact]
    public void Save_InvalidFields_MessagesShownAtEachField()
    {
        var form = RenderForm(new CompanyFormModel
        {
            Cvr = "24256791", Name = "", PostalCode = "30", Email = "info@firma", Phone = "12",
        });

        form.Find("[data-testid=save-company]").Click();

        form.WaitForAssertion(() =>
        {
            Assert.Equal("CVR-nummeret skal være 8 cifre og bestå modulus 11-kontrollen.", FieldError(form, "cvr"));
            Assert.Equal("Skal udfyldes.", FieldError(form, "name"));
            Assert.Equal("Postnummeret skal være 4 cifre (0800–9990).", FieldError(form, "postalcode"));
            Assert.Equal("E-mailadressen er ikke gyldig.", FieldError(form, "email"));
            Assert.Equal("Telefonnummeret er ikke gyldigt.", FieldError(form, "phone"));
            Assert.Contains("Formularen er ikke gemt", form.Find("[data-testid=form-errors]").TextContent);
        });
        Assert.Null(_savedId);
    }

    [Fact]
    public void Save_SecondInvalidAttempt_TheFieldStillShowsItsMessage()
    {
        var form = RenderForm(new CompanyFormModel { Cvr = "24256791", Name = "Hellebæk Hotel A/S" });
        form.Find("[data-testid=save-company]").Click();
        form.WaitForAssertion(() => Assert.StartsWith("CVR-nummeret skal være 8 cifre", FieldError(form, "cvr")));

        // The user types another wrong number (MudBlazor clears the mark while typing) and tries again.
        form.Find("#cvr").Input("24256792");
        form.Find("[data-testid=save-company]").Click();

        form.WaitForAssertion(() => Assert.StartsWith("CVR-nummeret skal være 8 cifre", FieldError(form, "cvr")));
        Assert.Null(_savedId);
    }

    [Fact]
    public async Task Save_DuplicateCvr_MessageWithLinkToExistingCompany()
    {
        var first = RenderForm(new CompanyFormModel { Cvr = "24256790", Name = "Kronborg Kaffe ApS" });
        first.Find("[data-testid=save-company]").Click();
        first.WaitForAssertion(() => Assert.NotNull(_savedId));
        var existingId = _savedId;
        _savedId = null;

        var second = RenderForm(new CompanyFormModel { Cvr = "24 25 67 90", Name = "Anden ApS" });
        second.Find("[data-testid=save-company]").Click();

        second.WaitForAssertion(() =>
        {
            Assert.Equal("CVR-nummeret er allerede registreret på Kronborg Kaffe ApS.", FieldError(second, "cvr"));
            Assert.Equal($"virksomheder/{existingId}", second.Find("[data-testid=existing-company]").GetAttribute("href"));
        });
        Assert.Null(_savedId);
        await using var db = Db.CreateContext();
        Assert.Single(db.Companies);
    }

    [Fact]
    public void Save_ValidCompany_RaisesSaved()
    {
        var form = RenderForm(new CompanyFormModel { Cvr = "54562519", Name = "Hellebæk Hotel A/S", PostalCode = "3150" });

        form.Find("[data-testid=save-company]").Click();

        form.WaitForAssertion(() => Assert.NotNull(_savedId));
        Assert.Empty(form.FindAll(".mud-input-error"));
    }
}
