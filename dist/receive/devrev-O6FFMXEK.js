import{c as a}from"./chunk-URR4B3VL.js";import"./chunk-4A2GIC6N.js";export{a as reactions};
