#version 330 core
// Copies the 3D image, optionally shaded by eye-dome lighting (Boucheny 2009, as in
// CloudCompare and Potree): each pixel darkens by how far its neighbours' log-depths rise
// above its own, which outlines shapes without normals.

in vec2 v_texcoord;

uniform sampler2D u_color;
uniform sampler2D u_depth;
uniform int u_eyeDomeLighting;
uniform float u_strength;
uniform float u_radius;           // neighbour distance in pixels
uniform vec2 u_texelSize;         // 1 / target size
uniform float u_near;
uniform float u_far;

out vec4 o_color;

float logDepth(float depth) {
    float ndc = depth * 2.0 - 1.0;
    return log2(2.0 * u_near * u_far / (u_far + u_near - ndc * (u_far - u_near)));
}

void main() {
    vec4 color = texture(u_color, v_texcoord);
    float depth = texture(u_depth, v_texcoord).r;
    if (u_eyeDomeLighting == 0 || depth >= 1.0) {
        o_color = vec4(color.rgb, 1.0);
        return;
    }
    float center = logDepth(depth);
    float response = 0.0;
    for (int index = 0; index < 8; index++) {
        float angle = float(index) * 0.78539816;
        vec2 offset = vec2(cos(angle), sin(angle)) * u_radius * u_texelSize;
        float neighbour = texture(u_depth, v_texcoord + offset).r;
        // A background neighbour counts as a large step, so silhouettes get an outline.
        response += neighbour >= 1.0 ? 1.0 : max(0.0, center - logDepth(neighbour));
    }
    float shade = exp(-response / 8.0 * 300.0 * u_strength);
    o_color = vec4(color.rgb * shade, 1.0);
}
