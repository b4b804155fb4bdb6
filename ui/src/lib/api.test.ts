import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { errorMessage, setServiceModel } from "./api";

afterEach(() => clearMocks());

describe("api", () => {
  it("passes camelCase arguments to the shell's commands", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return { id: 7 };
    });
    await setServiceModel(7, "paas", "Moved to managed database");
    expect(seen).toEqual({ cmd: "set_service_model", args: { serviceId: 7, model: "paas", reason: "Moved to managed database" } });
  });

  it("shows the shell's message for its errors and any other error's text", () => {
    expect(errorMessage({ code: "newer_version", message: "made by a newer Demarc" })).toBe("made by a newer Demarc");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
  });
});
