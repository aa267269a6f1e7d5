#version 330 core
// The occupancy grid of a navigation map: a quad lying on the floor, one texel per cell. Each
// corner is pulled u_pullDistance toward the eye along its view ray, which leaves its place on
// screen unchanged but lets it win the depth test against the floor's splats (spheres that
// reach a point radius above the floor) while staying hidden behind walls and furniture.

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec2 a_texcoord;

uniform mat4 u_viewProjection;
uniform vec3 u_eye;
uniform float u_pullDistance;   // metres

out vec2 v_texcoord;

void main() {
    vec3 toEye = u_eye - a_position;
    float distance = length(toEye);
    vec3 pulled = a_position + toEye / max(distance, 1e-6) * min(u_pullDistance, 0.5 * distance);
    gl_Position = u_viewProjection * vec4(pulled, 1.0);
    v_texcoord = a_texcoord;
}
