import{q as a}from"./chunk-SWXAMBCM.js";import"./chunk-4A2GIC6N.js";export{a as reactions};
