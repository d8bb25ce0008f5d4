-- CreateEnum
CREATE TYPE "reservation_status" AS ENUM ('RESERVED', 'RELEASED');

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(5000) NOT NULL,
    "currency_code" CHAR(3) NOT NULL,
    "price_minor" BIGINT NOT NULL,
    "category" VARCHAR(64) NOT NULL,
    "image_urls" TEXT[],
    "thumbnail_url" TEXT NOT NULL,
    "average_rating" DOUBLE PRECISION NOT NULL,
    "review_count" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL,
    "rec_key" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservations" (
    "id" VARCHAR(128) NOT NULL,
    "lines" JSONB NOT NULL,
    "status" "reservation_status" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "products_name_id_idx" ON "products"("name", "id");

-- CreateIndex
CREATE INDEX "products_category_name_id_idx" ON "products"("category", "name", "id");

-- CreateIndex
CREATE INDEX "products_rec_key_id_idx" ON "products"("rec_key", "id");
