#version 330 core
// Fused points as round splats whose screen size follows their distance.

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_color;
layout(location = 2) in float a_scalar;

uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_pointRadius;      // world-space radius of a splat (metres)
uniform float u_focalPixels;      // framebuffer pixels per unit at distance 1
uniform float u_maxPointSize;
uniform int u_colorMode;          // 0 rgb, 1 depth, 2 error, 3 observations
uniform vec2 u_scalarRange;       // [min, max] mapped onto the colour map
uniform sampler2D u_colorMap;     // 256 x 1 lookup table
uniform float u_pullToEye;        // fraction of the distance moved toward the eye (overlay points)

out vec3 v_color;
out vec3 v_viewCenter;
out float v_viewRadius;

void main() {
    vec4 viewPosition = u_view * vec4(a_position, 1.0);
    viewPosition.xyz *= 1.0 - u_pullToEye;
    float distance = max(-viewPosition.z, 1e-4);
    gl_Position = u_projection * viewPosition;
    gl_PointSize = clamp(2.0 * u_pointRadius * u_focalPixels / distance, 1.0, u_maxPointSize);

    if (u_colorMode == 0) {
        v_color = a_color;
    } else {
        float value = u_colorMode == 1 ? length(viewPosition.xyz) : a_scalar;
        float t = clamp((value - u_scalarRange.x) / max(u_scalarRange.y - u_scalarRange.x, 1e-9), 0.0, 1.0);
        v_color = texture(u_colorMap, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    }
    v_viewCenter = viewPosition.xyz;
    v_viewRadius = u_pointRadius * gl_PointSize / max(2.0 * u_pointRadius * u_focalPixels / distance, 1e-6);
}
