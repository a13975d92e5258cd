# oncoprofile in a container, for the Snakemake and CWL workflows (workflows/) and for clusters.
#
#   docker build -t oncoprofile:latest .
#   docker run --rm -v "$PWD:/data" -w /data oncoprofile:latest oncoprofile report tumor.vcf.gz -o P1.json
#
# No ENTRYPOINT on purpose: workflow engines run `oncoprofile ...` (CWL) or `bash -c '...'`
# (Snakemake) inside the image, so the final image keeps a shell and coreutils (debian slim).
# Builder and runtime are the same Debian release, so the binary's glibc matches.
# For research use only. Not for use in diagnostic procedures.

FROM rust:1-slim-bookworm AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY annotations ./annotations
COPY schemas ./schemas
# The knowledge base is embedded in the binary: no data files are needed at run time.
ENV CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=true
RUN cargo build --release --locked \
 && install -D -m 0755 target/release/oncoprofile /out/oncoprofile \
 && /out/oncoprofile --version

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="oncoprofile" \
      org.opencontainers.image.description="Tumour molecular profiles from somatic VCFs (research use only)" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=builder /out/oncoprofile /usr/local/bin/oncoprofile
COPY LICENSE-MIT LICENSE-APACHE /usr/share/doc/oncoprofile/
# An unprivileged default user; engines usually run as the caller's uid anyway.
USER 65532:65532
WORKDIR /data
CMD ["oncoprofile", "--help"]
