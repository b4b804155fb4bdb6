import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { asIpcError, call } from "./ipc";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("turns Tauri's bare text into the shell's error shape", async () => {
    mockIPC(() => {
      throw "invalid args `serviceId` for command `set_layer_owner`: invalid type: string, expected i64";
    });
    await expect(call("set_layer_owner", { serviceId: "seven" })).rejects.toEqual({
      code: "internal",
      message: "invalid args `serviceId` for command `set_layer_owner`: invalid type: string, expected i64",
    });
  });

  it("passes the shell's own errors through, field and all", async () => {
    const refusal = { code: "invalid_input", message: "a reason is required for this change", field: "reason" };
    mockIPC(() => {
      throw refusal;
    });
    await expect(call("reset_layer", { serviceId: 1, layer: "os", reason: "" })).rejects.toEqual(refusal);
  });

  it("does not take any object with a message for the shell's error", () => {
    expect(asIpcError({ code: "teapot", message: "short and stout" })).toEqual({
      code: "internal",
      message: '{"code":"teapot","message":"short and stout"}',
    });
    expect(asIpcError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
  });
});
