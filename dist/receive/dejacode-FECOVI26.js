import{a}from"./chunk-CPGJ2DZN.js";import"./chunk-4A2GIC6N.js";export{a as reactions};
