import type { DescFile, DescService } from "@bufbuild/protobuf";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { service as healthService } from "grpc-health-check";

/**
 * Adds gRPC server reflection (v1 and v1alpha) describing the hosted services, their imports
 * and grpc.health.v1, so generic tools can list and call them with no proto files.
 */
export function addReflection(server: Server, services: readonly DescService[]): void {
  const files = new Map<string, Buffer>();
  const visit = (file: DescFile): void => {
    if (files.has(file.proto.name)) return;
    for (const dep of file.dependencies) visit(dep);
    const bytes = toBinary(FileDescriptorProtoSchema, file.proto);
    files.set(file.proto.name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  for (const s of services) visit(s.file);
  const healthFiles = healthService["Check"]?.requestType.fileDescriptorProtos ?? [];
  const root = {
    "grpc.health.v1": { fileDescriptorProtos: healthFiles },
    "shop.hosted": { fileDescriptorProtos: [...files.values()] },
  };
  new ReflectionService(root as unknown as ConstructorParameters<typeof ReflectionService>[0]).addToServer(server);
}
