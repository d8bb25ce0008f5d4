import { credentials, makeGenericClientConstructor, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

const HealthClient = makeGenericClientConstructor(healthService, "Health");

/** Asks a gRPC server's grpc.health.v1 Check for the overall status ("" service). */
export function grpcHealth(address: string, timeoutMs = 1_000): Promise<string> {
  const client = new HealthClient(address, credentials.createInsecure());
  return new Promise<string>((resolve) => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (request: { service: string }) => Buffer.from(encodeCheckRequest(request.service)),
      decodeCheckResponse,
      { service: "" },
      { deadline: Date.now() + timeoutMs },
      (error: ServiceError | null, response?: string) => {
        client.close();
        resolve(error ? "UNAVAILABLE" : (response ?? "UNKNOWN"));
      },
    );
  });
}

// HealthCheckRequest { string service = 1; } — only the empty name is used here.
function encodeCheckRequest(service: string): Uint8Array {
  const name = Buffer.from(service, "utf8");
  return name.length === 0 ? new Uint8Array(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}

// HealthCheckResponse { ServingStatus status = 1; }: 0 UNKNOWN, 1 SERVING, 2 NOT_SERVING.
function decodeCheckResponse(bytes: Buffer): string {
  const status = bytes.length >= 2 && bytes[0] === 0x08 ? bytes[1] : 0;
  return ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"][status ?? 0] ?? "UNKNOWN";
}
